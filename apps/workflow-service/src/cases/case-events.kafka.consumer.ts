import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { caseChangedV1, caseOpenedV1, citizenMergedV1, citizenMergeReversedV1, parseEnvelope, TOPICS, type CaseChangedV1, type CaseOpenedV1, type CitizenMergedV1, type CitizenMergeReversedV1 } from '@city/contracts';
import { isTransientDatabaseError } from '@city/platform-database';
import { ConsumerHost, KAFKA_LOGGER, PoisonMessageError } from '@city/platform-kafka';
import { CatalogueNotReadyError, RouteCaseUseCase } from '../routing/route-case/route-case.usecase';
import { SlaTimers } from '../sla/sla-timers.processor';
import { TrackCaseStatusUseCase } from '../sla/track-case-status/track-case-status.usecase';

/**
 * Follows the case record: a new case is routed and its clocks start; status changes pause, resume
 * or stop the clocks. Timers are armed after the transaction committed; if that fails (Redis away),
 * the reconciler arms them on its next round, because the due times are in Postgres.
 */
@Injectable()
export class CaseEventsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly host: ConsumerHost,
    private readonly routeCase: RouteCaseUseCase,
    private readonly trackStatus: TrackCaseStatusUseCase,
    private readonly timers: SlaTimers,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.host.start({
      groupId: 'workflow-service.cases',
      topics: [TOPICS.caseEvents],
      fromBeginning: true,
      partitionsConsumedConcurrently: 6,
      isTransient: (e) => isTransientDatabaseError(e) || e instanceof CatalogueNotReadyError,
      handle: async (m) => {
        // Every fact of case.events.v1 is read; merges change nothing here (work items follow cases, not citizens).
        const parsed = parseEnvelope(m.value, [caseOpenedV1, caseChangedV1, citizenMergedV1, citizenMergeReversedV1] as never);
        if (!parsed.ok) throw new PoisonMessageError(parsed.reason);
        const e = parsed.value as CaseOpenedV1 | CaseChangedV1 | CitizenMergedV1 | CitizenMergeReversedV1;
        const afterCommit = (work: Promise<void>) => work.catch((err: Error) => this.logger.warn({ err: err.message, correlationId: e.correlationId }, 'timers not armed now; the reconciler will'));
        if (e.type === 'CaseOpened') {
          const { outcome, clocks } = await this.routeCase.execute(e);
          this.logger.debug({ correlationId: e.correlationId, reference: e.payload.reference, outcome }, 'case routed');
          await afterCommit(this.timers.arm(...clocks));
        } else if (e.type === 'CaseChanged') {
          const { arm, disarm } = await this.trackStatus.execute(e);
          if (disarm) await afterCommit(this.timers.disarm(e.payload.caseId));
          if (arm.length > 0) await afterCommit(this.timers.arm(...arm));
        }
      },
    });
  }
}
