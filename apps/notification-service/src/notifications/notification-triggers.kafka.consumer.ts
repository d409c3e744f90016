import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import {
  caseChangedV1,
  caseOpenedV1,
  citizenMergedV1,
  citizenMergeReversedV1,
  WORKFLOW_FACTS_V1,
  counterVisitEndedV1,
  parseEnvelope,
  TOPICS,
} from '@city/contracts';
import type { NotificationTrigger } from '@city/domain-notifications';
import { isTransientDatabaseError } from '@city/platform-database';
import { ConsumerHost, KAFKA_LOGGER, PoisonMessageError, type ReceivedMessage } from '@city/platform-kafka';
import { DeliveryQueue } from '../delivery/delivery-queue.processor';
import { RequestNotificationsUseCase } from './request-notifications/request-notifications.usecase';

const TRIGGER_TYPES = new Set([
  'CaseOpened',
  'CaseChanged',
  'CitizenNotificationRequested',
  'InformationRequested',
]);
/** Every fact of both streams is read (an unknown type or version is poison); only some call for a message. */
const KNOWN = [
  caseOpenedV1,
  caseChangedV1,
  citizenMergedV1,
  citizenMergeReversedV1,
  ...WORKFLOW_FACTS_V1,
  counterVisitEndedV1,
];

function parse(m: ReceivedMessage): NotificationTrigger | null {
  const parsed = parseEnvelope(m.value, KNOWN as never);
  if (!parsed.ok) throw new PoisonMessageError(parsed.reason);
  const e = parsed.value as { type: string };
  return TRIGGER_TYPES.has(e.type) ? (e as NotificationTrigger) : null;
}

/**
 * Listens to the case record and the workflows for what a citizen cares about. A partition's fetched
 * facts become their notifications in one transaction; their jobs are queued after the commit.
 */
@Injectable()
export class NotificationTriggersConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly host: ConsumerHost,
    private readonly request: RequestNotificationsUseCase,
    private readonly queue: DeliveryQueue,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.host.start({
      groupId: 'notification-service.triggers',
      topics: [TOPICS.caseEvents, TOPICS.workflowEvents],
      fromBeginning: true,
      partitionsConsumedConcurrently: 6,
      isTransient: isTransientDatabaseError,
      handleBatch: (messages) => this.handle(messages.map(parse)),
      handle: (m) => this.handle([parse(m)]),
    });
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
