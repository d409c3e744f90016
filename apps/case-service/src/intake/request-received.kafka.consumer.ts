import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { parseEnvelope, requestReceivedV1, TOPICS } from '@city/contracts';
import { isTransientDatabaseError } from '@city/platform-database';
import { ConsumerHost, KAFKA_LOGGER, PoisonMessageError } from '@city/platform-kafka';
import { OpenCaseUseCase } from '../cases/open-case/open-case.usecase';

/**
 * Consumes every channel's requests. A malformed event or one of an unknown version is dead-lettered
 * with the reason at once (PoisonMessageError); a database hiccup is retried with back-off.
 */
@Injectable()
export class RequestReceivedConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly host: ConsumerHost,
    private readonly openCase: OpenCaseUseCase,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.host.start({
      groupId: 'case-service.intake',
      topics: [TOPICS.intakeRequests],
      fromBeginning: true,
      // Every partition of intake.requests.v1 at once; order holds within a partition.
      partitionsConsumedConcurrently: 6,
      // The database away (restart, failover) delays messages; it never dead-letters them.
      isTransient: isTransientDatabaseError,
      handle: async (m) => {
        const parsed = parseEnvelope(m.value, [requestReceivedV1]);
        if (!parsed.ok) throw new PoisonMessageError(parsed.reason);
        const outcome = await this.openCase.execute(parsed.value);
        this.logger.debug({ correlationId: parsed.value.correlationId, reference: parsed.value.payload.reference, outcome }, 'request handled');
      },
    });
  }
}
