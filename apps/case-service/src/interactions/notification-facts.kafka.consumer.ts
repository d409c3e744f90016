import { Payload } from '@nestjs/microservices';
import { NOTIFICATION_FACTS_V1, TOPICS, type NotificationFactV1 } from '@city/contracts';
import { isTransientDatabaseError } from '@city/platform-database';
import { EnvelopePipe, KafkaConsumer, KafkaEvent } from '@city/platform-kafka';
import { RecordOutboundMessageUseCase } from './record-outbound-message/record-outbound-message.usecase';

/**
 * Messages to citizens, as the notification-service reports them, onto the case record. What a
 * partition has fetched arrives as one batch, recorded in one transaction; a batch that fails for
 * any reason but the database goes through again one event at a time (the transport), so a bad
 * fact is dead-lettered alone.
 */
@KafkaConsumer()
export class NotificationFactsConsumer {
  constructor(private readonly record: RecordOutboundMessageUseCase) {}

  @KafkaEvent(TOPICS.notificationEvents, {
    group: 'case-service.notifications',
    batch: true,
    partitionsConsumedConcurrently: 3,
    isTransient: isTransientDatabaseError,
  })
  async notificationFacts(
    @Payload(new EnvelopePipe([...NOTIFICATION_FACTS_V1] as never)) events: NotificationFactV1[],
  ) {
    await this.record.executeAll(events);
  }
}
