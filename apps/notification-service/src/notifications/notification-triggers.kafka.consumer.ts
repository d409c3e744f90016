import { Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import {
  caseChangedV1,
  caseOpenedV1,
  citizenMergedV1,
  citizenMergeReversedV1,
  satisfactionRecordedV1,
  WORKFLOW_FACTS_V1,
  counterVisitEndedV1,
  TOPICS,
} from '@city/contracts';
import type { NotificationTrigger } from '@city/domain-notifications';
import { isTransientDatabaseError } from '@city/platform-database';
import { EnvelopePipe, KAFKA_LOGGER, KafkaConsumer, KafkaEvent } from '@city/platform-kafka';
import { DeliveryQueue } from '../delivery/delivery-queue.processor';
import { RequestNotificationsUseCase } from './request-notifications/request-notifications.usecase';

const TRIGGER_TYPES = new Set([
  'CaseOpened',
  'CaseChanged',
  'CitizenNotificationRequested',
  'InformationRequested',
]);
/** Every fact of both streams is read (an unknown type or version is poison); only some call for a message. */
export const KNOWN = [
  caseOpenedV1,
  caseChangedV1,
  citizenMergedV1,
  citizenMergeReversedV1,
  satisfactionRecordedV1,
  ...WORKFLOW_FACTS_V1,
  counterVisitEndedV1,
];

/**
 * Listens to the case record and the workflows for what a citizen cares about. A partition's fetched
 * facts become their notifications in one transaction; their jobs are queued after the commit.
 */
@KafkaConsumer()
export class NotificationTriggersConsumer {
  constructor(
    private readonly request: RequestNotificationsUseCase,
    private readonly queue: DeliveryQueue,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {}

  @KafkaEvent([TOPICS.caseEvents, TOPICS.workflowEvents], {
    group: 'notification-service.triggers',
    batch: true,
    partitionsConsumedConcurrently: 6,
    isTransient: isTransientDatabaseError,
  })
  async facts(@Payload(new EnvelopePipe(KNOWN as never)) events: Array<{ type: string }>): Promise<void> {
    await this.handle(events.map((e) => (TRIGGER_TYPES.has(e.type) ? (e as NotificationTrigger) : null)));
  }

  private async handle(events: Array<NotificationTrigger | null>): Promise<void> {
    const triggers = events.filter((e): e is NotificationTrigger => e !== null);
    if (triggers.length === 0) return;
    const owed = await this.request.execute(triggers);
    await this.queue
      .enqueue(owed.map((n) => n.id))
      .catch((e: Error) =>
        this.logger.warn({ err: e.message }, 'messages not queued now; the reconciler will'),
      );
  }
}
