import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { parseEnvelope, requestReceivedV1, TOPICS, type RequestReceivedV1 } from '@city/contracts';
import { isTransientDatabaseError } from '@city/platform-database';
import { ConsumerHost, KAFKA_LOGGER, PoisonMessageError, type ReceivedMessage } from '@city/platform-kafka';
import { OpenCaseUseCase } from './open-case/open-case.usecase';

function parse(m: ReceivedMessage): RequestReceivedV1 {
  const parsed = parseEnvelope(m.value, [requestReceivedV1]);
  if (!parsed.ok) throw new PoisonMessageError(parsed.reason);
  return parsed.value;
}

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
      // What the partition has fetched goes in one transaction (up to 200 at a time); a batch with a
      // poison message in it falls back to one by one, so only that message is dead-lettered.
      handleBatch: async (messages) => {
        const outcome = await this.openCase.execute(messages.map(parse));
        this.logger.debug({ size: messages.length, ...outcome }, 'requests handled');
      },
      handle: async (m) => {
        const event = parse(m);
        const outcome = await this.openCase.execute([event]);
        this.logger.debug(
          { correlationId: event.correlationId, reference: event.payload.reference, ...outcome },
          'request handled',
        );
      },
    });
  }
}
