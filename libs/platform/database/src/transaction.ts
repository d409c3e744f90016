import { AsyncLocalStorage } from 'node:async_hooks';
import { Global, Injectable, Module } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventEnvelope } from '@city/contracts';
import { claimEvents, enqueueEvents } from './inbox-outbox';

/**
 * The port a use case runs its steps in one database transaction through. Repositories called inside
 * `run` take part in it; a `run` inside a `run` joins the outer one. Use cases see only this, so their
 * unit tests run them with a fake (`@city/platform-testing`).
 */
export abstract class Transaction {
  abstract run<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Serialises transactions that touch the same keys (a citizen's contact, a street corner), until
   * this one ends; all keys at once in sorted order, so two transactions cannot deadlock.
   */
  abstract lock(keys: string[]): Promise<void>;
  /**
   * Shares the keys with other transactions that share them, and waits for (and holds off) one that
   * locks them (`lock`): many writers of one kind at once, one of the other kind alone. All keys at
   * once in sorted order, as `lock`.
   */
  abstract lockShared(keys: string[]): Promise<void>;
  /**
   * Runs reads that belong together (a case, its timeline and its interactions) against one snapshot
   * of the database, so a transaction committing between them cannot show half of its writes. Read
   * only; inside `run` it joins the transaction under way.
   */
  abstract snapshot<T>(work: () => Promise<T>): Promise<T>;
}

/** An event for the outbox: published to `topic` (contracts' name) with `key` after the transaction commits. */
export interface OutboxItem {
  topic: string;
  key: string | null;
  event: EventEnvelope;
}

/** The outbox port: events written in the use case's transaction, published by the relay once committed. */
export abstract class Outbox {
  abstract enqueue(items: OutboxItem[]): Promise<void>;
}

/** The inbox port: which of these events this consumer has not handled before (each claimed once, for good). */
export abstract class Inbox {
  abstract claim(consumer: string, eventIds: string[]): Promise<Set<string>>;
}

/** Transaction on TypeORM: the transaction's EntityManager travels with the work (AsyncLocalStorage). */
@Injectable()
export class TypeormTransaction extends Transaction {
  private readonly current = new AsyncLocalStorage<EntityManager>();

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.current.getStore()) return work();
    return this.dataSource.transaction((m) => this.current.run(m, work));
  }

  snapshot<T>(work: () => Promise<T>): Promise<T> {
    if (this.current.getStore()) return work();
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      return this.current.run(m, work);
    });
  }

  lock(keys: string[]): Promise<void> {
    return this.advisory('pg_advisory_xact_lock', keys);
  }

  lockShared(keys: string[]): Promise<void> {
    return this.advisory('pg_advisory_xact_lock_shared', keys);
  }

  private async advisory(
    fn: 'pg_advisory_xact_lock' | 'pg_advisory_xact_lock_shared',
    keys: string[],
  ): Promise<void> {
    const m = this.current.getStore();
    if (!m) throw new Error('lock() needs a transaction: call it inside Transaction.run');
    if (keys.length === 0) return;
    await m.query(`SELECT ${fn}(hashtext(k)) FROM unnest($1::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n`, [
      [...new Set(keys)].sort(),
    ]);
  }

  /** For repositories: the manager of the transaction under way, or the data source's own (each statement on its own). */
  manager(): EntityManager {
    return this.current.getStore() ?? this.dataSource.manager;
  }

  /** Whether a transaction is under way (a repository that must lock rows can insist). */
  get active(): boolean {
    return this.current.getStore() !== undefined;
  }
}

@Injectable()
export class TypeormOutbox extends Outbox {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  async enqueue(items: OutboxItem[]): Promise<void> {
    if (items.length > 0) await enqueueEvents(this.tx.manager(), items);
  }
}

@Injectable()
export class TypeormInbox extends Inbox {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  claim(consumer: string, eventIds: string[]): Promise<Set<string>> {
    return claimEvents(this.tx.manager(), consumer, eventIds);
  }
}

/** The database ports of a service (Transaction, Inbox, Outbox) on its TypeORM data source, for every module. */
@Global()
@Module({
  providers: [
    TypeormTransaction,
    { provide: Transaction, useExisting: TypeormTransaction },
    TypeormOutbox,
    { provide: Outbox, useExisting: TypeormOutbox },
    TypeormInbox,
    { provide: Inbox, useExisting: TypeormInbox },
  ],
  exports: [TypeormTransaction, Transaction, Outbox, Inbox],
})
export class DatabaseModule {}
