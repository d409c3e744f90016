import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { dlqTopic, HEADERS, isDomainError } from '@city/contracts';
import { consumeInSpan } from '@city/platform-tracing';
import type { EventPublisher } from './event-publisher';
import type { Kafka, TopicNames } from './kafka-client';
import { ConsumerRunner, type KafkaMessage } from './consumer-runner';

/** A message as a handler sees it. */
export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Thrown by a handler for a message that can never succeed: it goes straight to the dead-letter topic. */
export class PoisonMessageError extends Error {}

/**
 * Ends a message's retries once its partition is no longer this member's to handle (the member's run
 * ended on a lost broker, or a rebalance moved the partition): the message stays uncommitted and is
 * read again by the partition's next owner, rather than holding the member's restart for as long as
 * an outage lasts.
 */
class NoLongerCurrent extends Error {}

/** A batch that failed other than by an outage: its messages go one by one. */
class OneByOne extends Error {
  constructor(readonly messages: ReceivedMessage[]) {
    super('the batch goes one by one');
  }
}

/**
 * The one place a handler's error becomes a consumer's decision: a poison message or a domain error
 * refusing the message (invalid, not found, conflict, forbidden) is dead-lettered at once, with its
 * code; a domain error saying something is unavailable, or an infrastructure error the consumer
 * names transient, is retried until it passes; anything else gets maxAttempts.
 */
export function failureOf(
  e: unknown,
  isTransient?: (error: unknown) => boolean,
): 'poison' | 'transient' | 'retry' {
  if (e instanceof PoisonMessageError) return 'poison';
  if (isDomainError(e)) return e.kind === 'unavailable' ? 'transient' : 'poison';
  return isTransient?.(e) ? 'transient' : 'retry';
}

const reasonOf = (e: Error) => (isDomainError(e) ? `${e.code}: ${e.message}` : e.message);

export interface ConsumerOptions {
  groupId: string;
  /** Topic names as contracts spell them; the process's prefix is added. */
  topics: string[];
  fromBeginning?: boolean;
  handle: (message: ReceivedMessage) => Promise<void>;
  /**
   * Optional: handles up to maxBatchSize messages of one partition at once (one transaction, say).
   * When it throws an error that is not transient, the same messages go one by one through
   * `handle`, so a poison message is retried, dead-lettered and committed alone while the others
   * succeed. A batch handler must therefore have the same effect as `handle` on each message.
   */
  handleBatch?: (messages: ReceivedMessage[]) => Promise<void>;
  /** Messages per handleBatch call (default 200). */
  maxBatchSize?: number;
  /** Attempts before a message is dead-lettered (default 5). */
  maxAttempts?: number;
  /** First back-off in ms, doubled on every attempt up to maxBackoffMs (defaults 100 and 5000). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  partitionsConsumedConcurrently?: number;
  /**
   * Errors of the infrastructure (database down, restarting): retried with back-off until they pass,
   * never dead-lettered, so an outage delays messages and loses none. Other errors get maxAttempts.
   */
  isTransient?: (error: unknown) => boolean;
  /**
   * Every instance of the service reads every message (each process is a group of its own, named
   * `<groupId>.<process id>` and deleted again when it stops), for messages each instance needs, such
   * as a call for an agent whose stream may be open on any instance. Readiness and dead letters name
   * the group as `groupId`.
   */
  perInstance?: boolean;
  /** Called after each message is handled or dead-lettered (for catch-up tracking). */
  onProcessed?: (topic: string, partition: number, offset: string) => void;
  /** Told of each message the consumer finished with, and how (the service's metrics). */
  onFinished?: (topic: string, outcome: 'handled' | 'dead-lettered') => void;
  /**
   * The tenants (cities) this service serves. An event whose envelope names another tenant is
   * dead-lettered with the reason and never handled; the rest of the batch goes on. ConsumerHost
   * always sets them (CITIES, or TENANT_ID alone).
   */
  tenants?: readonly string[];
}

export const DLQ_HEADERS = {
  error: 'dlq-error',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  consumerGroup: 'dlq-consumer-group',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;

/** This process, for the groups of which each instance is one of its own. */
const PROCESS_ID = randomUUID();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The tenant an event's envelope names, or null when the value is not an envelope (the handler decides what that is). */
export function envelopeTenantOf(value: Buffer | null): string | null {
  if (value === null) return null;
  try {
    const tenantId = (JSON.parse(value.toString()) as { tenantId?: unknown } | null)?.tenantId;
    return typeof tenantId === 'string' ? tenantId : null;
  } catch {
    return null;
  }
}

/**
 * Runs a consumer group: each message is handled with bounded retries and back-off; what still fails
 * (or is poison from the start) goes to `<topic>.dlq` with the error and the original headers, and
 * the stream goes on. The offset is committed only after the handler succeeded or the dead letter
 * was acknowledged, so nothing is lost when the process dies. stop() lets in-flight work finish.
 */
export class ManagedConsumer {
  private consumer: ConsumerRunner | null = null;
  private stopping = false;
  /** 'running' once it joined its group; 'crashed' while its member is down (until it rejoins, or for good after repeated handler failures); 'stopped' once stopped. */
  private state: 'starting' | 'running' | 'crashed' | 'stopped' = 'starting';
  private crashReason = '';

  constructor(
    private readonly kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly names: TopicNames,
    private readonly logger: Logger,
    private readonly options: ConsumerOptions,
  ) {}

  /**
   * Joins the group and starts handling in the background: partitions side by side (at most
   * partitionsConsumedConcurrently), each in order. Heartbeats run on the client's own timer, so a
   * long handler does not cost the member its place in the group.
   */
  async start(): Promise<void> {
    const runner = new ConsumerRunner(this.kafka.settings, this.logger, {
      groupId: this.groupName(),
      topics: this.options.topics.map((t) => this.names.of(t)),
      fromBeginning: this.options.fromBeginning ?? true,
      maxBuffered: 4_096,
      maxLot: this.options.maxBatchSize ?? 200,
      concurrency: this.options.partitionsConsumedConcurrently ?? 1,
      handle: (messages, current) => this.processRead(messages, current),
      onJoined: () => {
        if (this.stopping) return;
        if (this.state === 'crashed')
          this.logger.warn({ groupId: this.options.groupId }, 'consumer running again');
        this.state = 'running';
      },
      onTrouble: (reason) => {
        if (this.stopping) return;
        // Said once per episode (the reason for the log only: readiness says "crashed").
        if (this.state !== 'crashed')
          this.logger.warn({ groupId: this.options.groupId, err: reason }, 'consumer not running');
        this.state = 'crashed';
        this.crashReason = reason;
      },
    });
    this.consumer = runner;
    await runner.start();
  }

  /**
   * A lot (at most maxBatchSize) of one partition's messages from the platformatic stream: together,
   * or one by one until the partition is no longer this member's to handle. Returns how many it handled.
   */
  private async processRead(messages: KafkaMessage[], current: () => boolean): Promise<number> {
    const received = messages.map((m): ReceivedMessage => ({
      topic: this.names.base(m.topic),
      partition: m.partition,
      offset: m.offset.toString(),
      key: m.key ?? null,
      value: m.value ?? null,
      headers: Object.fromEntries(m.headers),
    }));
    if (this.options.handleBatch) return this.handleChunk(received, current);
    let done = 0;
    try {
      while (done < received.length && current()) {
        await this.processReceived(received[done], current);
        done++;
      }
    } catch (e) {
      if (!(e instanceof NoLongerCurrent)) throw e;
    }
    return done;
  }

  /**
   * Messages of one partition through handleBatch together: another tenant's are dead-lettered first;
   * infrastructure errors are retried until they pass; any other error sends the messages one by one.
   * Says how many of the first messages are done (handled or dead-lettered): all of them, or, when
   * the partition is no longer this member's mid-way, those before the first one not done yet (the
   * rest are read again from the commit, and no refusal is dead-lettered twice unless it came later).
   */
  private async handleChunk(all: ReceivedMessage[], current: () => boolean): Promise<number> {
    const done = new Set<ReceivedMessage>();
    const leading = () => {
      let n = 0;
      while (n < all.length && done.has(all[n])) n++;
      return n;
    };
    try {
      // Another tenant's events go to the dead-letter topic first; the chunk goes on without them.
      const received: ReceivedMessage[] = [];
      for (const m of all) {
        const refusal = this.tenantRefusal(m);
        if (refusal) {
          await this.deadLetter(m, refusal, 0);
          this.finished(m, 'dead-lettered');
          done.add(m);
        } else received.push(m);
      }
      await this.handleTogether(received, current);
      for (const m of received) done.add(m);
    } catch (e) {
      if (!(e instanceof OneByOne)) {
        if (e instanceof NoLongerCurrent) return leading();
        throw e;
      }
      try {
        for (const m of e.messages) {
          await this.processReceived(m, current);
          done.add(m);
        }
      } catch (e) {
        if (e instanceof NoLongerCurrent) return leading();
        throw e;
      }
    }
    return all.length;
  }

  /**
   * These messages through handleBatch together, outages retried until they pass; any other error
   * throws OneByOne with them.
   */
  private async handleTogether(received: ReceivedMessage[], current: () => boolean): Promise<void> {
    if (received.length === 0) return;
    const { topic, partition } = received[0];
    let backoff = this.options.initialBackoffMs ?? 100;
    for (;;) {
      try {
        await consumeInSpan(this.options.groupId, received, () => this.options.handleBatch!(received));
        for (const m of received) this.finished(m, 'handled');
        return;
      } catch (e) {
        const failure = failureOf(e, this.options.isTransient);
        if (failure !== 'transient') {
          if (failure !== 'poison')
            this.logger.warn(
              { topic, partition, size: received.length, err: (e as Error).message },
              'batch failed; handling its messages one by one',
            );
          throw new OneByOne(received);
        }
        if (this.stopping || !current()) throw new NoLongerCurrent();
        this.logger.warn(
          { topic, partition, err: (e as Error).message },
          'infrastructure unavailable; retrying the batch until it is back',
        );
        await sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 5_000);
      }
    }
  }

  /** One message, with bounded retries, then the dead-letter topic. */
  private async processReceived(received: ReceivedMessage, current: () => boolean): Promise<void> {
    const { topic, partition, offset } = received;
    const refusal = this.tenantRefusal(received);
    if (refusal) {
      await this.deadLetter(received, refusal, 0);
      this.finished(received, 'dead-lettered');
      return;
    }
    const maxAttempts = this.options.maxAttempts ?? 5;
    let backoff = this.options.initialBackoffMs ?? 100;
    let lastError: Error | null = null;
    let attempts = 0; // failures that count towards maxAttempts
    for (;;) {
      try {
        await consumeInSpan(this.options.groupId, [received], () => this.options.handle(received));
        this.finished(received, 'handled');
        return;
      } catch (e) {
        lastError = e as Error;
        const failure = failureOf(e, this.options.isTransient);
        if (failure === 'poison') {
          attempts++;
          break;
        }
        const transient = failure === 'transient';
        if (!transient && ++attempts >= maxAttempts) break;
        // Left uncommitted: the partition's next owner (this member after a restart) retries it.
        if (this.stopping || !current()) throw new NoLongerCurrent();
        this.logger.warn(
          {
            topic,
            partition,
            offset: offset,
            correlationId: received.headers[HEADERS.correlationId],
            attempt: attempts,
            transient,
            err: lastError.message,
          },
          transient ? 'infrastructure unavailable; retrying until it is back' : 'handler failed; retrying',
        );
        await sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 5_000);
      }
    }
    await this.deadLetter(received, lastError ?? new Error('unknown failure'), attempts);
    this.finished(received, 'dead-lettered');
  }

  private finished(m: ReceivedMessage, outcome: 'handled' | 'dead-lettered'): void {
    this.options.onProcessed?.(m.topic, m.partition, m.offset);
    this.options.onFinished?.(m.topic, outcome);
  }

  /** The group and its topics as the broker names them (with the process's prefix): for its lag. */
  groupTopics(): { group: string; topics: string[] } {
    return { group: this.groupName(), topics: this.options.topics.map((t) => this.names.of(t)) };
  }

  /** Why an event is not this service's to handle (its envelope names another tenant), or null. */
  private tenantRefusal(m: ReceivedMessage): Error | null {
    const ours = this.options.tenants;
    if (ours === undefined) return null;
    const theirs = envelopeTenantOf(m.value);
    return theirs !== null && !ours.includes(theirs)
      ? new Error(`tenant ${theirs} is not this service's (${ours.join(', ')})`)
      : null;
  }

  private async deadLetter(m: ReceivedMessage, error: Error, attempts: number): Promise<void> {
    this.logger.error(
      {
        topic: m.topic,
        partition: m.partition,
        offset: m.offset,
        correlationId: m.headers[HEADERS.correlationId],
        err: reasonOf(error),
      },
      'message dead-lettered',
    );
    await this.publisher.send({
      topic: this.names.of(dlqTopic(m.topic)),
      key: m.key,
      value: m.value,
      headers: {
        ...m.headers,
        [DLQ_HEADERS.error]: reasonOf(error).slice(0, 4000),
        [DLQ_HEADERS.originalTopic]: m.topic,
        [DLQ_HEADERS.originalPartition]: String(m.partition),
        [DLQ_HEADERS.originalOffset]: m.offset,
        [DLQ_HEADERS.consumerGroup]: this.options.groupId,
        [DLQ_HEADERS.attempts]: String(attempts),
        [DLQ_HEADERS.failedAt]: new Date().toISOString(),
      },
    });
  }

  /** This consumer as a readiness component: down (with the reason, for the log only) until it runs, and once it crashed or was stopped. */
  readinessCheck(): { name: string; check(): Promise<void> } {
    return {
      name: `kafka-consumer:${this.options.groupId}`,
      check: async () => {
        if (this.state === 'running') return;
        throw new Error(this.state === 'crashed' ? `crashed: ${this.crashReason}` : this.state);
      },
    };
  }

  /** The group on the broker: the topic prefix names it too, so test runs on their own topics never share one. */
  private groupName(): string {
    return this.names.of(
      this.options.perInstance ? `${this.options.groupId}.${PROCESS_ID}` : this.options.groupId,
    );
  }

  /** Stops fetching, waits for the message in hand to finish, commits, leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.state = 'stopped';
    const started = this.consumer;
    await this.consumer?.stop();
    this.consumer = null;
    // A group of this process alone is never joined again.
    if (started && this.options.perInstance)
      await this.kafka
        .withAdmin((admin) => admin.deleteGroups({ groups: [this.groupName()] }))
        .catch(() => undefined);
  }
}
