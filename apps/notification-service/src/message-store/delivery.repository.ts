import type { DataSubject } from '@city/contracts';
import type { Delivery } from './delivery.entity';

/**
 * The messages as they went (the port): one row per citizen and medium of a message, written once,
 * read by agents (a case's, a citizen's) and by the citizen (their portal inbox).
 */
export abstract class DeliveryRepository {
  /** The ids of a message's deliveries recorded so far. */
  abstract idsOf(notificationId: string): Promise<Set<string>>;
  /** Writes deliveries not recorded before; the ids of those it wrote (a delivery recorded before is left as it is). */
  abstract addNew(rows: Delivery[]): Promise<Set<string>>;
  /** Every message about a case, oldest first. */
  abstract ofCase(tenantId: string, reference: string): Promise<Delivery[]>;
  /** The latest `limit` messages to a citizen on any medium, with any outcome, newest first. */
  abstract ofCitizen(tenantId: string, citizenId: string, limit: number): Promise<Delivery[]>;
  /**
   * Every message of a city to a data subject (docs/personal-data.md): to one of their records or to
   * one of their addresses (not the messages about their cases to others who follow them); oldest
   * first.
   */
  abstract ofSubject(tenantId: string, subject: DataSubject): Promise<Delivery[]>;
  /** The latest `limit` messages about one request in a citizen's portal inbox, newest first. */
  abstract inboxOf(
    tenantId: string,
    citizenId: string,
    reference: string,
    limit: number,
  ): Promise<Delivery[]>;
  /**
   * The latest text message sent to one of these numbers (the ways one number may be written) by one
   * of these cities, of this template if one is named, or null: what a reply from that number answers
   * (and so the city it answers).
   */
  abstract latestTextTo(
    tenantIds: readonly string[],
    numbers: string[],
    template?: string,
  ): Promise<Delivery | null>;
}
