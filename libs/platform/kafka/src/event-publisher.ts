import { HEADERS, type EventEnvelope } from '@city/contracts';
import { produceInSpan } from '@city/platform-tracing';
import type { ProducerPort } from './kafka-client';

export interface OutgoingMessage {
  topic: string;
  key: string | null;
  value: string | Buffer | null;
  headers?: Record<string, string | Buffer>;
}

export class PublishTimeoutError extends Error {
  constructor(ms: number) {
    super(`Kafka did not acknowledge within ${ms} ms`);
  }
}

interface Pending {
  message: OutgoingMessage;
  resolve: () => void;
  reject: (e: Error) => void;
  settled: boolean;
}

export interface PublisherOptions {
  /** Most messages in one produce request. */
  maxBatch: number;
  /** How long a caller waits for the acknowledgement before it is told Kafka is unavailable. */
  ackTimeoutMs: number;
}

/**
 * Publishes with `acks=all` through one idempotent producer and resolves each caller only once the
 * broker acknowledged its message. The idempotent producer has one request in flight, so
 * messages that arrive while a request is under way are gathered and go together in the next one
 * (the effect of linger.ms, without adding latency when the load is light).
 */
/** Turns an event into what goes on its topic (the platform's seals personal events: EventPrivacy). */
export interface EventSealer {
  seal(topic: string, key: string | null, event: EventEnvelope): Promise<unknown>;
}

export class EventPublisher {
  private queue: Pending[] = [];
  private sealer: EventSealer | null = null;
  private inFlight: Promise<void> | null = null;
  private connecting: Promise<void> | null = null;
  private connected = false;
  private closed = false;

  constructor(
    private readonly producer: ProducerPort,
    private readonly options: PublisherOptions,
  ) {}

  /** From now on, `publish` writes each event as the sealer makes it. */
  sealWith(sealer: EventSealer): void {
    this.sealer = sealer;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Connects, or joins a connection under way; after a failure the next call tries again. */
  connect(): Promise<void> {
    if (this.connected) return Promise.resolve();
    if (!this.connecting) {
      this.connecting = this.producer
        .connect()
        .then(() => {
          this.connected = true;
        })
        .finally(() => {
          this.connecting = null;
        });
    }
    return this.connecting;
  }

  /** Resolves when the broker has acknowledged the message (acks=all); rejects otherwise. */
  send(message: OutgoingMessage): Promise<void> {
    if (this.closed) return Promise.reject(new Error('publisher is closed'));
    return new Promise<void>((resolve, reject) => {
      const p: Pending = { message, resolve, reject, settled: false };
      const timer = setTimeout(() => {
        if (p.settled) return;
        p.settled = true;
        // Not yet handed to Kafka: withdraw it, so nothing is written after the caller heard "no".
        const i = this.queue.indexOf(p);
        if (i >= 0) this.queue.splice(i, 1);
        reject(new PublishTimeoutError(this.options.ackTimeoutMs));
      }, this.options.ackTimeoutMs);
      p.resolve = () => {
        clearTimeout(timer);
        if (p.settled) return;
        p.settled = true;
        resolve();
      };
      p.reject = (e) => {
        clearTimeout(timer);
        if (p.settled) return;
        p.settled = true;
        reject(e);
      };
      this.queue.push(p);
      this.pump();
    });
  }

  /**
   * Publishes an event in the platform envelope, with routing headers and the trace context: of the
   * `headers` when they carry one (an outbox row's), else of the request or message under way
   * (@city/platform-tracing; nothing when tracing is off).
   */
  publish(
    topic: string,
    key: string | null,
    event: EventEnvelope,
    headers: Record<string, string> = {},
  ): Promise<void> {
    return produceInSpan(topic, { correlationId: event.correlationId, parent: headers }, async (trace) =>
      this.send({
        topic,
        key,
        value: JSON.stringify(this.sealer ? await this.sealer.seal(topic, key, event) : event),
        headers: {
          [HEADERS.eventType]: event.type,
          [HEADERS.eventVersion]: String(event.version),
          [HEADERS.correlationId]: event.correlationId,
          [HEADERS.tenantId]: event.tenantId,
          ...headers,
          ...trace,
        },
      }),
    );
  }

  private pump(): void {
    if (this.inFlight || this.queue.length === 0) return;
    this.inFlight = this.flushOnce().finally(() => {
      this.inFlight = null;
      this.pump();
    });
  }

  private async flushOnce(): Promise<void> {
    const batch = this.queue.splice(0, this.options.maxBatch).filter((p) => !p.settled);
    if (batch.length === 0) return;
    try {
      await this.connect();
      const byTopic = new Map<string, OutgoingMessage[]>();
      for (const { message: m } of batch) {
        const list = byTopic.get(m.topic) ?? [];
        list.push(m);
        byTopic.set(m.topic, list);
      }
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic,
          messages: list.map(({ key, value, headers }) => ({ key, value, headers })),
        })),
      });
      for (const p of batch) p.resolve();
    } catch (e) {
      for (const p of batch) p.reject(e as Error);
    }
  }

  /** Waits until every message handed over so far is acknowledged or failed. */
  async drain(): Promise<void> {
    while (this.inFlight || this.queue.some((p) => !p.settled)) {
      if (this.inFlight) await this.inFlight;
      else this.pump();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.drain();
    if (this.connected) await this.producer.disconnect();
    this.connected = false;
  }
}
