import { Consumer, type Message, type MessagesStream } from '@platformatic/kafka';
import type { Logger } from 'pino';
import { clientOptions, type KafkaSettings } from './kafka-client';

const asBuffer = (data?: Buffer): Buffer | undefined => data;
const asString = (data?: Buffer): string | undefined => data?.toString();

const MAX_RESTARTS = 5;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;
/** Longest a start waits for the stream to know its offsets. */
const OFFSETS_WAIT_MS = 15_000;
/** Longest joining the group may take (a join may wait out a rebalance, 30 s) before it is tried anew. */
const JOIN_WAIT_MS = 60_000;

/** A message as it came off the stream: key and headers as strings, the value as bytes. */
export type KafkaMessage = Message<string, Buffer, string, string>;

export interface ConsumerRunnerOptions {
  groupId: string;
  topics: string[];
  fromBeginning: boolean;
  /** Most messages read and not yet handled (all partitions together). */
  maxBuffered: number;
  /** Most messages of one partition handed to the handler at once. */
  maxLot: number;
  /** Partitions handled at once. */
  concurrency: number;
  /**
   * Handles a lot of one partition's messages in order and says how many it handled (the lot's first
   * ones); the last of them is committed. It may stop early once `current()` is false: the member
   * is stopping, its broker is lost, or a rebalance gave the partition to another member.
   */
  handle: (messages: KafkaMessage[], current: () => boolean) => Promise<number>;
  onJoined: () => void;
  onTrouble: (reason: string) => void;
}

type Member = Consumer<string, Buffer, string, string>;
type Stream = MessagesStream<string, Buffer, string, string>;
/** Why a stream's run ended: a handler gave up on messages it holds, or the broker was lost. */
interface Outcome {
  error: Error;
  cause: 'handler' | 'connection';
}

const partitionOf = (topic: string, partition: number) => `${topic}\u0000${partition}`;
/** The group generation the member was in when the stream fetched the message (the stream stamps it). */
const generationOf = (m: KafkaMessage): number =>
  (m.metadata?.consumer as { generationId?: number } | undefined)?.generationId ?? Infinity;
/** Waits for the promise at most `ms`: closing a client whose broker is gone may not settle. */
const within = (ms: number, work: Promise<unknown>) =>
  Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, ms).unref())]);

/**
 * A consumer group member on the platformatic stream: partitions are handled side by side, each in
 * order, and an offset is committed only after its message was handled. Heartbeats run on the
 * client's own timer, so a long handler does not cost the group its membership.
 *
 * One supervisor owns the member's life: it runs a stream until the stream ends (stop, a lost broker,
 * or a handler that gave up), waits for the messages in hand, and only then closes the member and
 * joins again; so there is never more than one member, one stream and one restart at a time.
 */
export class ConsumerRunner {
  private consumer: Member;
  private stream: Stream | null = null;
  private supervisor: Promise<void> | null = null;
  private stopping = false;
  /** Restarts in a row without a message handled; after MAX_RESTARTS the member gives up, as kafkajs does. */
  private failures = 0;
  /** The partition whose messages made the handler give up last. */
  private failedPartition: string | null = null;
  private backoff = FIRST_BACKOFF_MS;
  /** Wakes whatever the supervisor waits on (the reading loop, a back-off): set by each. */
  private interrupt: () => void = () => undefined;
  /** A heartbeat stall was reported and has not passed (see newConsumer). */
  private stalled = false;
  /** The current member's run has ended: it is closed and joins anew (until then it is not running). */
  private runEnded = false;
  /** Ends the current stream's run on an error the member reports (a rejoin that failed, say). */
  private lost: (e: Error) => void = () => undefined;

  constructor(
    private readonly settings: KafkaSettings,
    private readonly logger: Logger,
    private readonly options: ConsumerRunnerOptions,
  ) {
    this.consumer = this.newConsumer();
  }

  private newConsumer(): Member {
    const options = this.options;
    const consumer: Member = new Consumer<string, Buffer, string, string>({
      ...clientOptions(this.settings),
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
      // After a handler's failure the back-off keeps growing until that partition moves on.
      if (this.failures === 0) this.backoff = FIRST_BACKOFF_MS;
      // After a handler's failure, running only once it handles messages again (not merely rejoined),
      // or once the partition it failed on went to another member.
      if (this.failures > 0 && this.failedPartition && !this.owns(consumer, this.failedPartition)) {
        this.failures = 0;
        this.failedPartition = null;
        this.backoff = FIRST_BACKOFF_MS;
      }
      // A member whose run has ended (it is being closed, a restart follows) is not running, even if
      // it rejoined on its own meanwhile.
      if (!this.stopping && this.failures === 0 && consumer === this.consumer && !this.runEnded)
        options.onJoined();
    });
    // A rejoin that fails is emitted as 'error' on the consumer: without a listener it would end the process.
    consumer.on('error', (e: Error) => {
      if (consumer === this.consumer) this.lost(e);
    });
    consumer.on('consumer:heartbeat:stalled', (p) => {
      if (this.stopping || consumer !== this.consumer) return;
      this.stalled = true;
      options.onTrouble(`heartbeat stalled for ${p.stalledFor} ms`);
    });
    // A stall that passes without a rejoin (the coordinator answers again, the member still in the
    // group) is running again, as a rejoin would say.
    consumer.on('consumer:heartbeat:end', () => {
      if (!this.stalled || this.stopping || consumer !== this.consumer || this.runEnded) return;
      this.stalled = false;
      if (this.failures === 0) options.onJoined();
    });
    return consumer;
  }

  private owned(consumer: Member): Set<string> {
    return new Set(
      (consumer.assignments ?? []).flatMap((a) => a.partitions.map((p) => partitionOf(a.topic, p))),
    );
  }

  private owns(consumer: Member, partition: string): boolean {
    return this.owned(consumer).has(partition);
  }

  /** Joins the group (a failure here goes to the caller) and starts reading in the background. */
  async start(): Promise<void> {
    let stream: Stream;
    try {
      stream = await this.open();
    } catch (e) {
      await this.close(true); // a member that could not join is not left behind
      throw e;
    }
    this.supervisor = this.supervise(stream);
  }

  private async open(): Promise<Stream> {
    this.runEnded = false;
    this.stalled = false;
    // Bounded: a join that never answers would otherwise hold the member's restart for good. A join
    // that answers after all is let go: its stream closed (with a listener for its errors, which would
    // otherwise end the process), the member closed by the caller.
    const consuming = this.consumer.consume({
      topics: this.options.topics,
      mode: 'committed',
      fallbackMode: this.options.fromBeginning ? 'earliest' : 'latest',
    });
    let timer: NodeJS.Timeout | undefined;
    let stream: Stream;
    try {
      stream = await Promise.race([
        consuming,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`joining the group took longer than ${JOIN_WAIT_MS / 1000} s`)),
            JOIN_WAIT_MS,
          );
        }),
      ]);
    } catch (e) {
      this.runEnded = true;
      consuming.then(
        (late) => {
          late.on('error', () => undefined);
          void within(5_000, late.close());
        },
        () => undefined,
      );
      throw e;
    } finally {
      clearTimeout(timer);
    }
    this.stream = stream;
    // Never without a listener for its errors: a stream keeps failing its fetches while a lost broker
    // is away, also after its run has ended (while it is being closed, or left behind by a close that
    // timed out), and an 'error' nobody listens to ends the process. The run's own listener acts on
    // the first; the rest are only noted.
    stream.on('error', (e: Error) =>
      this.logger.debug({ groupId: this.options.groupId, err: e.message }, 'message stream error'),
    );
    // Once it knows where it reads from (the last commit, or the start or end of each partition), so
    // what is published after start() resolves is read, also when reading from the end. Bounded: a
    // start never hangs on it (the stream's own failure, if any, ends the run and restarts it).
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => settled(), OFFSETS_WAIT_MS);
      const settled = () => {
        clearTimeout(timer);
        stream.off('offsets', settled);
        stream.off('error', settled);
        stream.off('close', settled);
        resolve();
      };
      stream.on('offsets', settled);
      stream.on('error', settled);
      stream.on('close', settled);
    });
    return stream;
  }

  /**
   * Runs the stream; when it ends other than by stop(), leaves the group and joins again, reading
   * from the last commit. After a handler gave up on messages it holds (their dead letter could not
   * be written, say), at most MAX_RESTARTS times in a row; after a lost broker, for as long as it
   * takes, with back-off.
   */
  private async supervise(first: Stream): Promise<void> {
    let stream = first;
    for (;;) {
      const outcome = await this.run(this.consumer, stream);
      if (!outcome || this.stopping) return;
      const { error, cause } = outcome;
      const again = cause === 'connection' || ++this.failures <= MAX_RESTARTS;
      this.logger.error(
        { groupId: this.options.groupId, err: error.message, cause, restart: again },
        again
          ? 'consumer failed; it restarts'
          : 'consumer failed for good; it consumes nothing until the service restarts',
      );
      await this.close(cause === 'connection');
      if (!again) return;
      for (;;) {
        if (this.stopping) return;
        await this.pause(this.backoff);
        this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
        if (this.stopping) return;
        this.consumer = this.newConsumer();
        try {
          stream = await this.open();
          break;
        } catch (e) {
          this.options.onTrouble((e as Error).message);
          this.logger.warn(
            { groupId: this.options.groupId, err: (e as Error).message },
            'consumer could not rejoin',
          );
          await this.close(true);
          if (this.stopping) return;
        }
      }
    }
  }

  private async pause(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.interrupt = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Closes the stream and the member; bounded, since a member whose broker is gone may not answer. */
  private async close(force: boolean): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    if (stream) await within(5_000, stream.close());
    await within(10_000, this.consumer.close(force));
  }

  /**
   * Reads into one queue per partition; a worker per partition (at most `concurrency` at once) hands
   * lots of at most maxLot messages to the handler in order, commits the last offset of each, and
   * takes the next. Reading pauses while maxBuffered messages wait, so a slow handler holds back the
   * fetches, not memory. Resolves once the workers are done: with nothing on stop(), else why it ended.
   *
   * On a rebalance the queues of partitions that went elsewhere are emptied (their new owner reads
   * them from the last commit); a partition that stays is read again by the stream from its last
   * commit, and what this member already holds of it is skipped, so its messages are neither lost
   * nor handled twice here.
   */
  private async run(consumer: Member, stream: Stream): Promise<Outcome | null> {
    const queues = new Map<string, KafkaMessage[]>();
    /** Per partition, the offset after the last message queued. */
    const next = new Map<string, bigint>();
    /**
     * Per partition taken on at a join, that join's generation: what the stream fetched for it
     * before (when it was last this member's) is older than the last commit and is dropped.
     */
    const assignedIn = new Map<string, number>();
    const busy = new Set<string>();
    const workers = new Set<Promise<void>>();
    let owned = this.owned(consumer);
    let buffered = 0;
    let outcome: Outcome | null = null;
    let wake: (() => void) | null = null;
    let woken = false;
    let ended: () => void = () => undefined;
    /** Settles when the run ends: a commit still pending then is given up (the next owner reads again). */
    const over = new Promise<void>((resolve) => (ended = resolve));
    const signal = () => {
      woken = true;
      wake?.();
    };
    const end = (o: Outcome) => {
      this.stalled = false;
      this.runEnded = true;
      // Not ready from the moment it happens, though the messages in hand are still being handled.
      if (!outcome && !this.stopping) this.options.onTrouble(o.error.message);
      outcome ??= o;
      ended();
      signal();
    };
    const onError = (error: Error) => end({ error, cause: 'connection' });
    const onClose = () => end({ error: new Error('the message stream closed'), cause: 'connection' });
    const onJoin = () => {
      const before = owned;
      owned = this.owned(consumer);
      for (const partition of owned)
        if (!before.has(partition)) assignedIn.set(partition, consumer.generationId);
      for (const [partition, queue] of queues) {
        if (owned.has(partition)) continue;
        buffered -= queue.length;
        queue.length = 0;
        queues.delete(partition);
        next.delete(partition);
      }
      signal();
    };
    stream.on('readable', signal);
    stream.on('error', onError);
    stream.on('close', onClose);
    consumer.on('consumer:group:join', onJoin);
    this.lost = onError;
    this.interrupt = signal;

    const work = async (partition: string, queue: KafkaMessage[]) => {
      const current = () => !this.stopping && !outcome && owned.has(partition);
      try {
        while (queue.length > 0 && !this.stopping && !outcome) {
          const lot = queue.splice(0, this.options.maxLot);
          let done: number;
          try {
            done = await this.options.handle(lot, current);
          } finally {
            buffered -= lot.length;
          }
          if (
            this.failures > 0 &&
            (this.failedPartition ?? partition) === partition &&
            done > 0 &&
            !outcome
          ) {
            // Back on its feet after a restart (the partition that failed moves on): running again.
            this.failures = 0;
            this.failedPartition = null;
            this.backoff = FIRST_BACKOFF_MS;
            this.options.onJoined();
          }
          if (done > 0 && owned.has(partition)) await Promise.race([this.commit(lot[done - 1]), over]);
          // What the handler left is read again from the commit, by this member or the partition's next.
          if (done < lot.length) {
            buffered -= queue.length;
            queue.length = 0;
            next.delete(partition);
          }
          signal();
        }
      } catch (e) {
        if (!outcome) this.failedPartition = partition;
        end({ error: e as Error, cause: 'handler' });
      } finally {
        busy.delete(partition);
        signal();
      }
    };
    const schedule = () => {
      for (const [partition, queue] of queues) {
        if (busy.size >= this.options.concurrency) return;
        if (queue.length === 0 || busy.has(partition)) continue;
        busy.add(partition);
        const w = work(partition, queue).finally(() => workers.delete(w));
        workers.add(w);
      }
    };

    try {
      while (!this.stopping && !outcome) {
        if (stream.destroyed) onClose();
        woken = false;
        let m: KafkaMessage | null;
        while (buffered < this.options.maxBuffered && (m = stream.read() as KafkaMessage | null)) {
          const partition = partitionOf(m.topic, m.partition);
          // Read before a rebalance took the partition away (or before it came back), or already held.
          if (!owned.has(partition) || m.offset < (next.get(partition) ?? -1n)) continue;
          if (generationOf(m) < (assignedIn.get(partition) ?? 0)) continue;
          next.set(partition, m.offset + 1n);
          const queue = queues.get(partition) ?? [];
          queue.push(m);
          queues.set(partition, queue);
          buffered++;
        }
        schedule();
        // Until the stream has more, a worker is done, or the run ends.
        if (!woken) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
      await Promise.all(workers);
    } finally {
      stream.off('readable', signal);
      stream.off('error', onError);
      stream.off('close', onClose);
      consumer.off('consumer:group:join', onJoin);
      ended();
    }
    return this.stopping ? null : outcome;
  }

  /**
   * A commit refused because the partition moved on a rebalance is no loss: the new owner reads the
   * messages again, and every handler drops what its inbox has seen.
   */
  private async commit(last: KafkaMessage): Promise<void> {
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
    this.interrupt(); // wakes the reading loop (which then waits for its workers) or a back-off
    await this.supervisor;
    await this.close(false);
  }
}
