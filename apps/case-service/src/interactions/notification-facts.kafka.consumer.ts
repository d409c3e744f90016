import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { NOTIFICATION_FACTS_V1, parseEnvelope, TOPICS, type NotificationFactV1 } from '@city/contracts';
import { isTransientDatabaseError } from '@city/platform-database';
import { ConsumerHost, PoisonMessageError } from '@city/platform-kafka';
import { RecordOutboundMessageUseCase } from './record-outbound-message/record-outbound-message.usecase';

/** Messages to citizens, as the notification-service reports them, onto the case record. */
@Injectable()
export class NotificationFactsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly host: ConsumerHost,
    private readonly record: RecordOutboundMessageUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.host.start({
      groupId: 'case-service.notifications',
      topics: [TOPICS.notificationEvents],
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
      isTransient: isTransientDatabaseError,
      handle: async (m) => {
        const parsed = parseEnvelope(m.value, [...NOTIFICATION_FACTS_V1] as never);
        if (!parsed.ok) throw new PoisonMessageError(parsed.reason);
        await this.record.execute(parsed.value as NotificationFactV1);
      },
    });
  }
}
