import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { InboxRecord, tableName } from '@city/platform-database';
import { KAFKA, KAFKA_LOGGER, TopicNames, type Kafka } from '@city/platform-kafka';
import { PROJECTION_CONSUMER } from './apply-facts/apply-facts.usecase';
import { PROJECTION_GROUP } from './case-facts.kafka.consumer';
import { OpsCase, OpsProjectionState, OpsStatusSpan } from '../read-model/ops-case.entity';
import { OpsAgent, OpsCounterTicket } from '../read-model/ops-workforce.entity';
import { WORKFORCE_GROUP } from '../workforce/workforce.kafka.consumer';

const STATE_ID = 'cases';

/**
 * The read models are the streams folded; when they are not here (a new database, or their tables
 * wiped), the service builds them again from the streams' start: before its consumers start, it
 * empties what is left, forgets the facts it had folded, and deletes its consumer groups' offsets
 * (the cases' and the workforce's), so the groups read every fact the topics still hold. A restart with the read models in place goes
 * on from the group's offsets.
 */
@Injectable()
export class ProjectionRebuild implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly names: TopicNames,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const m = this.dataSource.manager;
    if (await m.getRepository(OpsProjectionState).existsBy({ id: STATE_ID })) return;
    this.logger.warn('the read models are missing: building them again from the streams');
    await m.transaction(async (t) => {
      await t.query(
        `TRUNCATE ${[OpsCase, OpsStatusSpan, OpsAgent, OpsCounterTicket].map((e) => tableName(t, e)).join(', ')}`,
      );
      await t.query(`DELETE FROM ${tableName(t, InboxRecord)} WHERE consumer = $1`, [PROJECTION_CONSUMER]);
    });
    for (const group of [PROJECTION_GROUP, WORKFORCE_GROUP].map((g) => this.names.of(g)))
      await this.kafka
        .withAdmin((admin) => admin.deleteGroups({ groups: [group] }))
        .catch((e: Error) => this.logger.debug({ err: e.message, group }, 'no consumer group to delete'));
    await m.getRepository(OpsProjectionState).insert({ id: STATE_ID, builtSince: new Date() });
  }
}
