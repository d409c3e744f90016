import type { EventEnvelope } from '@city/contracts';
import { Inbox, Outbox, Transaction, type OutboxItem } from '@city/platform-database';

/**
 * Transaction for a use case's unit test: runs the work, and counts the runs and the keys locked.
 * A use case that throws part-way leaves the fakes as they were when it threw; the integration tests
 * prove the real rollback.
 */
export class FakeTransaction extends Transaction {
  runs = 0;
  snapshots = 0;
  locked: string[][] = [];
  private depth = 0;

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.depth === 0) this.runs++;
    return this.inside(work);
  }

  snapshot<T>(work: () => Promise<T>): Promise<T> {
    if (this.depth === 0) this.snapshots++;
    return this.inside(work);
  }

  private async inside<T>(work: () => Promise<T>): Promise<T> {
    this.depth++;
    try {
      return await work();
    } finally {
      this.depth--;
    }
  }

  /** The keys shared (`lockShared`), each call's sorted. */
  shared: string[][] = [];

  async lock(keys: string[]): Promise<void> {
    if (this.depth === 0) throw new Error('lock() needs a transaction: call it inside Transaction.run');
    this.locked.push([...new Set(keys)].sort());
  }

  async lockShared(keys: string[]): Promise<void> {
    if (this.depth === 0) throw new Error('lockShared() needs a transaction: call it inside Transaction.run');
    this.shared.push([...new Set(keys)].sort());
  }
}

/** Outbox that keeps what was enqueued, in order. */
export class FakeOutbox extends Outbox {
  readonly items: OutboxItem[] = [];

  async enqueue(items: OutboxItem[]): Promise<void> {
    this.items.push(...items);
  }

  /** The enqueued events (of one type, if given). */
  events<E extends EventEnvelope = EventEnvelope>(type?: string): E[] {
    return this.items.map((i) => i.event as E).filter((e) => type === undefined || e.type === type);
  }
}

/** Inbox that remembers each consumer's claimed event ids. */
export class FakeInbox extends Inbox {
  private readonly seen = new Set<string>();

  async claim(consumer: string, eventIds: string[]): Promise<Set<string>> {
    const fresh = new Set<string>();
    for (const id of eventIds) {
      const key = `${consumer}\u0000${id}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      fresh.add(id);
    }
    return fresh;
  }
}
