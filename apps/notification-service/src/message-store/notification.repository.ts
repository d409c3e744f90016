import type { Notification } from './notification.entity';

/** A pending message as the reconciler pages through them: in order of asking, then id. */
export interface PendingMark {
  id: string;
  requestedAt: Date;
}

/**
 * The messages the city owes (the port): written in the transaction that claims their facts, leased
 * by one worker at a time while it sends them, done when everyone has them or is known not to.
 */
export abstract class NotificationRepository {
  /** Writes messages not written before (a message whose id exists already is left as it is). */
  abstract addNew(rows: Notification[]): Promise<void>;
  /**
   * Takes pending messages' leases for one round (counting the round in their attempts), each unless
   * another worker holds it; the messages leased, as they are then (those not pending or held
   * elsewhere are left out).
   */
  abstract lease(ids: string[]): Promise<Notification[]>;
  abstract isPending(id: string): Promise<boolean>;
  /** Done for good: every recipient has them or is known not to get them; the leases are let go. */
  abstract complete(ids: string[]): Promise<void>;
  /** Lets the lease go after a round that failed, with why (another round tries again). */
  abstract release(id: string, error: string): Promise<void>;
  /** A case's messages still owed, oldest first. */
  abstract pendingOfCase(tenantId: string, reference: string): Promise<Notification[]>;
  /** A page of a tenant's pending messages whose lease is free, after `after` in (requestedAt, id) order. */
  abstract pendingAfter(tenantId: string, after: PendingMark, limit: number): Promise<PendingMark[]>;
}
