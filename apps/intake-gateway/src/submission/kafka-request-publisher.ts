import { Injectable } from '@nestjs/common';
import { TOPICS, type RequestReceivedV1 } from '@city/contracts';
import { EventPublisher, TopicNames } from '@city/platform-kafka';
import { RequestPublisher } from './request-publisher';

/** Requests to Kafka's intake topic (this process's prefix), waiting for acks=all. */
@Injectable()
export class KafkaRequestPublisher extends RequestPublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly names: TopicNames,
  ) {
    super();
  }

  async publish(key: string, event: RequestReceivedV1): Promise<void> {
    await this.publisher.publish(this.names.of(TOPICS.intakeRequests), key, event);
  }
}
