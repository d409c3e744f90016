import {
  compatibilityPartitioner,
  Consumer,
  Producer,
  type Message,
  type MessagesStream,
} from '@platformatic/kafka';
import type { Logger } from 'pino';
import type { KafkaSettings, ProducerPort } from './kafka-client';

/**
 * The platform's Kafka parts on @platformatic/kafka (a maintained, pure-JavaScript client), chosen by
 * KAFKA_CLIENT=platformatic. The same guarantees as on kafkajs: an idempotent producer with
 * acks=all whose keys land on the Java client's partitions, and consumers that commit a message's
 * offset only after it was handled or dead-lettered. See docs/runtime-and-dependencies.md for how
 * the two clients measured.
 */

/** Strings and Buffers as they are; nothing stays nothing (a tombstone). */
const toBuffer = (data?: unknown): Buffer | undefined =>
  data === undefined || data === null ? undefined : Buffer.isBuffer(data) ? data : Buffer.from(String(data));
const asBuffer = (data?: Buffer): Buffer | undefined => data;
const asString = (data?: Buffer): string | undefined => data?.toString();

type Value = string | Buffer;
const MAX_RESTARTS = 5;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;

/** Fail fast when the broker is away, like the kafkajs settings: bounded retries, short connects. */
const baseOptions = (settings: KafkaSettings) => ({
  clientId: settings.clientId,
  bootstrapBrokers: settings.brokers,
  connectTimeout: 1_000,
  timeout: 10_000,
  retries: 5,
  retryDelay: 200,
});

export class PlatformaticProducer implements ProducerPort {
  private readonly producer: Producer<Value, Value, Value, Value>;

  constructor(
    settings: KafkaSettings,
    private readonly logger: Logger,
  ) {
    this.producer = new Producer<Value, Value, Value, Value>({
      ...baseOptions(settings),
      idempotent: true,
      acks: -1,
      // The default partitioner would put about half of the keys on other partitions than kafkajs
      // and the Java client do; this one is theirs (murmur2), so a key keeps its partition.
      partitioner: compatibilityPartitioner,
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

/** A message as it came off the platformatic stream: key and headers as strings, the value as bytes. */
export type PlatformaticMessage = Message<string, Buffer, string, string>;

export interface PlatformaticConsumerOptions {
  groupId: string;
  topics: string[];
  fromBeginning: boolean;
  /** Most messages read and not yet handled (all partitions together). */
  maxBuffered: number;
  /** Partitions handled at once. */
  concurrency: number;
  /** Handles messages of one partition, in order; then the last one's offset is committed. */
  handle: (messages: PlatformaticMessage[]) => Promise<void>;
  onJoined: () => void;
  onTrouble: (reason: string) => void;
}

/**
 * A consumer group member on the platformatic stream: partitions are handled side by side, each in
 * order, and an offset is committed only after its message was handled. Heartbeats run on the
 * client's own timer, so a long handler does not cost the group its membership.
 */
export class PlatformaticConsumerRunner {
  private consumer: Consumer<string, Buffer, string, string>;
  private stream: MessagesStream<string, Buffer, string, string> | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  /** Restarts in a row without a message handled; after MAX_RESTARTS the member gives up, as kafkajs does. */
  private failures = 0;
  private restarting = false;
  private backoff = FIRST_BACKOFF_MS;

  constructor(
    private readonly settings: KafkaSettings,
    private readonly logger: Logger,
    private readonly options: PlatformaticConsumerOptions,
  ) {
    this.consumer = this.newConsumer();
  }

  private newConsumer(): Consumer<string, Buffer, string, string> {
    const options = this.options;
    const consumer = new Consumer<string, Buffer, string, string>({
      ...baseOptions(this.settings),
      groupId: options.groupId,
      // A crashed member is noticed within 10 s and its partitions go to the others.
      sessionTimeout: 10_000,
      rebalanceTimeout: 30_000,
      heartbeatInterval: 3_000,
      autocommit: false,
      maxWaitTime: 1_000,
      // A fetch brings a part of every partition (not the first partitions whole), so that the
      // partitions are handled side by side from the start; room for a few fetches.
      maxBytes: 10 * 1_048_576,
      maxBytesPerPartition: 256 * 1_024,
      highWaterMark: 4_096,
      deserializers: { key: asString, value: asBuffer, headerKey: asString, headerValue: asString },
    });
    consumer.on('consumer:group:join', () => {
      this.backoff = FIRST_BACKOFF_MS;
      // After a handler's failure, running only once it handles messages again (not merely rejoined).
      if (!this.stopping && this.failures === 0) options.onJoined();
    });
    // A rejoin that fails is emitted as 'error' on the consumer: without a listener it would end the process.
    consumer.on('error', (e: Error) => {
      if (consumer === this.consumer) void this.restart(e, 'connection');
    });
    consumer.on('consumer:heartbeat:stalled', (p) => {
      if (!this.stopping) options.onTrouble(`heartbeat stalled for ${p.stalledFor} ms`);
    });
    return consumer;
  }

  async start(): Promise<void> {
    const stream = await this.consumer.consume({
      topics: this.options.topics,
      mode: 'committed',
      fallbackMode: this.options.fromBeginning ? 'earliest' : 'latest',
    });
    this.stream = stream;
    // Only this stream's end restarts the member: an old one ending late leaves its successor be.
    const current = () => stream === this.stream;
    stream.on('error', (e: Error) => void (current() && this.restart(e, 'connection')));
    this.loop = this.run(stream).then(
      () => (current() ? this.restart(new Error('the message stream closed'), 'connection') : undefined),
      (e: Error) => (current() ? this.restart(e, 'handler') : undefined),
    );
  }

  /**
   * Leaves the group and joins again, reading from the last commit. After a handler gave up on
   * messages it holds (their dead letter could not be written, say), at most MAX_RESTARTS times in
   * a row; after a lost broker (its stream failed or closed), for as long as it takes, with back-off.
   */
  private async restart(e: Error, cause: 'handler' | 'connection'): Promise<void> {
    if (this.stopping || this.restarting) return;
    this.restarting = true;
    try {
      this.options.onTrouble(e.message);
      const again = cause === 'connection' || ++this.failures <= MAX_RESTARTS;
      this.logger.error(
        { groupId: this.options.groupId, err: e.message, cause, restart: again },
        again
          ? 'consumer failed; it restarts'
          : 'consumer failed for good; it consumes nothing until the service restarts',
      );
      await this.stream?.close().catch(() => undefined);
      await this.consumer.close(cause === 'connection').catch(() => undefined);
      if (!again) return;
      await new Promise((r) => setTimeout(r, this.backoff));
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      if (this.stopping) return;
      this.consumer = this.newConsumer();
      this.restarting = false;
      await this.start();
    } catch (err) {
      this.restarting = false;
      await this.restart(err as Error, 'connection');
    } finally {
      this.restarting = false;
    }
  }

  /**
   * Reads into one queue per partition; a worker per partition (at most `concurrency` at once) hands
   * what its queue holds to the handler, commits the last offset, and takes the next lot. Reading
   * pauses while maxBuffered messages wait, so a slow handler holds back the fetches, not memory.
   */
  private async run(stream: MessagesStream<string, Buffer, string, string>): Promise<void> {
    const queues = new Map<string, PlatformaticMessage[]>();
    const busy = new Set<string>();
    const workers = new Set<Promise<void>>();
    let buffered = 0;
    let failure: Error | null = null;
    let wake: (() => void) | null = null;
    let woken = false;
    const signal = () => {
      woken = true;
      wake?.();
    };
    stream.on('readable', signal);
    stream.on('close', signal);

    const work = async (key: string, queue: PlatformaticMessage[]) => {
      try {
        while (queue.length > 0 && !this.stopping && !failure) {
          const batch = queue.splice(0, queue.length);
          await this.options.handle(batch);
          if (this.failures > 0) {
            // Back on its feet after a restart: running again.
            this.failures = 0;
            this.options.onJoined();
          }
          await this.commit(batch[batch.length - 1]);
          buffered -= batch.length;
        }
      } catch (e) {
        failure ??= e as Error;
      } finally {
        busy.delete(key);
        signal();
      }
    };
    const schedule = () => {
      for (const [key, queue] of queues) {
        if (busy.size >= this.options.concurrency) return;
        if (queue.length === 0 || busy.has(key)) continue;
        busy.add(key);
        const w = work(key, queue).finally(() => workers.delete(w));
        workers.add(w);
      }
    };

    try {
      while (!this.stopping && !failure && !stream.destroyed) {
        woken = false;
        let m: PlatformaticMessage | null;
        while (buffered < this.options.maxBuffered && (m = stream.read() as PlatformaticMessage | null)) {
          const key = `${m.topic}\u0000${m.partition}`;
          const queue = queues.get(key) ?? [];
          queue.push(m);
          queues.set(key, queue);
          buffered++;
        }
        schedule();
        // Until the stream has more, a worker is done, or the stream closes.
        if (!woken) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
      await Promise.all(workers);
    } finally {
      stream.off('readable', signal);
      stream.off('close', signal);
    }
    if (failure) throw failure;
  }

  /**
   * A commit refused because the partition moved on a rebalance is no loss: the new owner reads the
   * messages again, and every handler drops what its inbox has seen.
   */
  private async commit(last: PlatformaticMessage): Promise<void> {
    await Promise.resolve(last.commit()).catch((e: Error) =>
      this.logger.warn(
        { topic: last.topic, partition: last.partition, err: e.message },
        'offset not committed; the next owner of the partition reads from the last commit',
      ),
    );
  }

  /** Lets the messages in hand finish and be committed, then leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stream?.emit('readable'); // wakes the reading loop, which then waits for its workers
    let loop: Promise<void> | null;
    do {
      loop = this.loop;
      await loop?.catch(() => undefined);
    } while (loop !== this.loop);
    await this.stream?.close().catch(() => undefined);
    await this.consumer.close().catch(() => undefined);
  }
}
