import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@city/platform-config';
import type { OpsConfig } from '../../config';
import { loadAmbitionsFile } from './ambitions';
import { RecordAmbitionsUseCase } from './record-ambitions/record-ambitions.usecase';

/** The seed file's ambitions, recorded at start when the city has recorded none (checked at start either way). */
@Injectable()
export class AmbitionsSeed implements OnApplicationBootstrap {
  private readonly seedRows;

  constructor(
    private readonly record: RecordAmbitionsUseCase,
    @Inject(APP_CONFIG) private readonly config: Pick<OpsConfig, 'TENANT_ID' | 'AMBITIONS_FILE'>,
  ) {
    this.seedRows = loadAmbitionsFile(config.AMBITIONS_FILE);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.record.seed(this.config.TENANT_ID, this.seedRows, new Date());
  }
}
