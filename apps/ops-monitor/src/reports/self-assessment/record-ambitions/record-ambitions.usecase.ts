import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Transaction } from '@city/platform-database';
import { KAFKA_LOGGER } from '@city/platform-kafka';
import { ambitionsOf, type AmbitionsInput } from '../ambitions';
import { AmbitionsRepository } from '../ambitions.repository';
import type { Ambition } from '../self-assessment';

/** The city records its ambitions (an administrator): all of them at once, replacing the last. */
@Injectable()
export class RecordAmbitionsUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly ambitions: AmbitionsRepository,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(tenantId: string, input: AmbitionsInput, by: string, at: Date): Promise<Ambition[]> {
    const rows = ambitionsOf(input);
    await this.tx.run(() => this.ambitions.replace(tenantId, rows, by, at));
    this.logger.info(
      { by, services: input.services.length, reason: input.reason ?? null },
      'ambitions recorded',
    );
    return rows;
  }

  /** At start: the seed file's ambitions, when the city has none recorded yet. */
  async seed(tenantId: string, seed: Ambition[], at: Date): Promise<boolean> {
    return this.tx.run(async () => {
      await this.tx.lock([`ops-ambitions:${tenantId}`]);
      if ((await this.ambitions.list(tenantId)).length > 0) return false;
      await this.ambitions.replace(tenantId, seed, 'seed-file', at);
      return true;
    });
  }
}
