import { Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { requestReceivedV1, TOPICS, type RequestReceivedV1 } from '@city/contracts';
import { isTransientDatabaseError } from '@city/platform-database';
import { EnvelopePipe, KAFKA_LOGGER, KafkaConsumer, KafkaEvent } from '@city/platform-kafka';
import { OpenCaseUseCase } from './open-case/open-case.usecase';

/**
 * Every channel's requests. What a partition has fetched arrives as one batch (up to 200), handled
 * in one transaction; a batch that fails for any reason but the database goes through again one
 * event at a time, so a malformed event or one of an unknown version (EnvelopePipe) is dead-lettered
 * alone with the reason, and the others are handled. The database away delays events; it never
 * dead-letters them.
 */
@KafkaConsumer()
export class RequestReceivedConsumer {
  constructor(
    private readonly openCase: OpenCaseUseCase,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {}

  @KafkaEvent(TOPICS.intakeRequests, {
    group: 'case-service.intake',
    batch: true,
    // Every partition of intake.requests.v1 at once; order holds within a partition.
    partitionsConsumedConcurrently: 6,
    isTransient: isTransientDatabaseError,
  })
  async requestsReceived(@Payload(new EnvelopePipe([requestReceivedV1])) events: RequestReceivedV1[]) {
    const outcome = await this.openCase.execute(events);
    this.logger.debug({ size: events.length, ...outcome }, 'requests handled');
  }
}
