import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, loadPerCity, servedCities } from '@city/platform-config';
import type { OpsConfig } from '../../config';
import { loadAmbitionsFile } from './ambitions';
import { RecordAmbitionsUseCase } from './record-ambitions/record-ambitions.usecase';

/**
 * Each served city's seed ambitions (its own `operations/ambitions.yaml`, else AMBITIONS_FILE),
 * recorded at start for a city that has recorded none (every file checked at start either way).
 */
@Injectable()
export class AmbitionsSeed implements OnApplicationBootstrap {
  private readonly seedRows;

  constructor(
    private readonly record: RecordAmbitionsUseCase,
    @Inject(APP_CONFIG) private readonly config: OpsConfig,
  ) {
    this.seedRows = loadPerCity(
      config,
      'operations/ambitions.yaml',
      config.AMBITIONS_FILE,
      loadAmbitionsFile,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const city of servedCities(this.config))
      await this.record.seed(city, this.seedRows(city), new Date());
  }
}
