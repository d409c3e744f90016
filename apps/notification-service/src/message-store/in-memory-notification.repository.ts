import { Notification } from './notification.entity';
import { NotificationRepository, type PendingMark } from './notification.repository';

const LEASE_MS = 2 * 60_000;
const copy = (n: Notification): Notification =>
  Object.assign(new Notification(), n, { facts: { ...n.facts } });

/** NotificationRepository in memory, for use cases' unit tests: the rows as the TypeORM one would keep them. */
export class InMemoryNotificationRepository extends NotificationRepository {
  readonly rows = new Map<string, Notification>();

  constructor(private readonly now: () => Date = () => new Date()) {
    super();
  }

  /** A row as it is now (a copy), for assertions. */
  get(id: string): Notification | undefined {
    const n = this.rows.get(id);
    return n && copy(n);
  }

  /** Puts rows in as they are (a test's starting state). */
  seed(...rows: Notification[]): void {
    for (const n of rows) this.rows.set(n.id, copy(n));
  }

  async addNew(rows: Notification[]): Promise<void> {
    for (const n of rows) if (!this.rows.has(n.id)) this.rows.set(n.id, copy(n));
  }

  async lease(ids: string[]): Promise<Notification[]> {
    const now = this.now();
    const leased: Notification[] = [];
    for (const id of ids) {
      const n = this.rows.get(id);
      if (!n || n.state !== 'pending' || (n.leaseUntil && n.leaseUntil >= now)) continue;
      n.leaseUntil = new Date(now.getTime() + LEASE_MS);
      n.attempts += 1;
      leased.push(copy(n));
    }
    return leased;
  }

  async isPending(id: string): Promise<boolean> {
    return this.rows.get(id)?.state === 'pending';
  }

  async complete(ids: string[]): Promise<void> {
    for (const id of ids) {
      const n = this.rows.get(id);
      if (n) Object.assign(n, { state: 'done', completedAt: this.now(), leaseUntil: null, lastError: null });
    }
  }

  async release(id: string, error: string): Promise<void> {
    const n = this.rows.get(id);
    if (n) Object.assign(n, { leaseUntil: null, lastError: error });
  }

  async pendingOfCase(tenantId: string, reference: string): Promise<Notification[]> {
    return [...this.rows.values()]
      .filter((n) => n.tenantId === tenantId && n.reference === reference && n.state === 'pending')
      .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime())
      .map(copy);
  }

  async pendingAfter(tenantId: string, after: PendingMark, limit: number): Promise<PendingMark[]> {
    const now = this.now();
    const key = (m: PendingMark) => `${m.requestedAt.toISOString()}\u0000${m.id}`;
    return [...this.rows.values()]
      .filter(
        (n) =>
          n.state === 'pending' &&
          n.tenantId === tenantId &&
          (!n.leaseUntil || n.leaseUntil < now) &&
          key(n) > key(after),
      )
      .sort((a, b) => (key(a) < key(b) ? -1 : 1))
      .slice(0, limit)
      .map((n) => ({ id: n.id, requestedAt: n.requestedAt }));
  }
}
