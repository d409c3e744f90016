import { compatibilityPartitioner, Producer } from '@platformatic/kafka';
import type { Logger } from 'pino';
import { clientOptions, type KafkaSettings, type ProducerPort } from './kafka-client';

/** Strings and Buffers as they are; nothing stays nothing (a tombstone). */
const toBuffer = (data?: unknown): Buffer | undefined =>
  data === undefined || data === null ? undefined : Buffer.isBuffer(data) ? data : Buffer.from(String(data));

type Value = string | Buffer;

/**
 * The platform's producer (@platformatic/kafka): idempotent, acks=all, each key on the partition the
 * Java client gives it. See docs/runtime-and-dependencies.md for how it measured against kafkajs,
 * which it replaced.
 */
export class IdempotentProducer implements ProducerPort {
  private readonly producer: Producer<Value, Value, Value, Value>;
  /** The next partition (modulo their number) for a message without a key. */
  private unkeyed = 0;

  constructor(
    settings: KafkaSettings,
    private readonly logger: Logger,
  ) {
    this.producer = new Producer<Value, Value, Value, Value>({
      ...clientOptions(settings),
      idempotent: true,
      acks: -1,
      // The default partitioner would put about half of the keys on other partitions than kafkajs
      // and the Java client do; this one is theirs (murmur2), so a key keeps its partition. Messages
      // without a key take the partitions in turn (the library's own partitioner would put them all
      // on partition 0).
      partitioner: (message, key) =>
        key === undefined ? this.unkeyed++ : compatibilityPartitioner(message, key),
      autocreateTopics: false,
      serializers: { key: toBuffer, value: toBuffer, headerKey: toBuffer, headerValue: toBuffer },
    });
  }

  /** Reaches the broker and takes a producer id (the idempotent producer's first step). */
  async connect(): Promise<void> {
    await this.producer.initIdempotentProducer({});
  }

  async sendBatch(batch: Parameters<ProducerPort['sendBatch']>[0]): Promise<void> {
    await this.producer.send({
      messages: batch.topicMessages.flatMap(({ topic, messages }) =>
        messages.map((m) => ({
          topic,
          key: m.key ?? undefined,
          value: m.value ?? undefined,
          headers: m.headers,
        })),
      ),
    });
  }

  async disconnect(): Promise<void> {
    await this.producer
      .close()
      .catch((e: Error) => this.logger.warn({ err: e.message }, 'closing the producer'));
  }
}
