import type { CaseSearchQuery, CaseStatus } from '@city/contracts';
import type { CaseLink, CaseSubscription } from './case-link.entity';
import type { CaseRecord } from './case.entity';
import type { CaseSatisfaction } from './case-satisfaction.entity';
import type { TimelineEntry, TimelineKind } from './timeline-entry.entity';

/** A report that may duplicate an open case: where to look (a band around a point, and/or the property). */
export interface DuplicateSearch {
  tenantId: string;
  serviceCode: string;
  propertyId: string | null;
  near: { minLat: number; maxLat: number; minLong: number; maxLong: number } | null;
}

/** An open case found for a duplicate search. */
export interface DuplicateCandidate {
  id: string;
  reference: string;
  status: string;
  receivedAt: Date;
  lat: number | null;
  long: number | null;
  propertyId: string | null;
}

/** "Already reported?": the open cases of one service in a box around a point, nearest first. */
export interface NearbySearch {
  tenantId: string;
  serviceCode: string;
  centre: { lat: number; long: number };
  box: { minLat: number; maxLat: number; minLong: number; maxLong: number };
  limit: number;
}

/** An open case found near a point: only what the public may see of it (no description, address or citizen). */
export interface NearbyCase {
  id: string;
  reference: string;
  serviceCode: string;
  status: CaseStatus;
  receivedAt: Date;
  lat: number;
  long: number;
  resolutionDueAt: Date | null;
}

/** The public's query of requests (Open311): by references, or by a window of time; of these services; open, closed or both. */
export interface PublicRequestQuery {
  references?: string[];
  window?: { start: Date; end: Date };
  serviceCodes: string[];
  state: 'open' | 'closed' | null;
  page: number;
  pageSize: number;
}

/** A search of the case record, with the parts the edge already normalised (reference, phone). */
export type CaseSearch = Omit<CaseSearchQuery, 'phone' | 'email'> & {
  contact: { kind: 'email' | 'phone'; value: string } | null;
};

export type NewTimelineEntry = Omit<TimelineEntry, 'id'>;
export type NewCaseLink = Pick<CaseLink, 'fromCaseId' | 'toCaseId' | 'kind' | 'createdBy'>;
export type NewSubscription = Pick<CaseSubscription, 'caseId' | 'partyId' | 'reason'>;

/**
 * The port to the cases of the record: cases, their timelines, links and who follows them. The
 * `forUpdate` reads lock the row until the transaction ends (call them inside Transaction.run).
 */
export abstract class CaseRepository {
  abstract byReference(tenantId: string, reference: string, forUpdate?: boolean): Promise<CaseRecord | null>;
  /**
   * A case the city's staff work, by its reference: one of the city's own, or one another city hands
   * it (a shared service; `workedBy`). The city's own first, should a reference be both.
   */
  abstract workedByCity(city: string, reference: string, forUpdate?: boolean): Promise<CaseRecord | null>;
  abstract byId(id: string, forUpdate?: boolean): Promise<CaseRecord | null>;
  abstract byIds(ids: string[]): Promise<CaseRecord[]>;
  /** The cases of these references (of the tenant) that exist. */
  abstract byReferences(tenantId: string, references: string[]): Promise<CaseRecord[]>;
  /** Saves a changed case; its version moves on. */
  abstract save(c: CaseRecord): Promise<CaseRecord>;
  /** New cases, in one statement. */
  abstract insert(cases: CaseRecord[]): Promise<void>;
  /** Per search, the active cases (of these statuses) of its service near its place or at its property, oldest first, at most 100. */
  abstract duplicateCandidates(
    searches: DuplicateSearch[],
    activeStatuses: readonly CaseStatus[],
  ): Promise<DuplicateCandidate[][]>;
  abstract search(tenantId: string, q: CaseSearch): Promise<CaseRecord[]>;
  /**
   * The active cases (of these statuses) of a service within a box, nearest to its centre first (by
   * a flat approximation, exact enough to rank within a city), at most `limit`.
   */
  abstract nearby(q: NearbySearch, activeStatuses: readonly CaseStatus[]): Promise<NearbyCase[]>;
  /**
   * A page of requests the public may see (newest first) and how many there are in all. A duplicate
   * of a case of the same service counts as open or closed as that case is (the public sees its state).
   */
  abstract publicRequests(
    tenantId: string,
    q: PublicRequestQuery,
    activeStatuses: readonly CaseStatus[],
  ): Promise<{ rows: CaseRecord[]; total: number }>;
  /** A citizen's cases, newest first. */
  abstract ofCitizen(partyId: string): Promise<CaseRecord[]>;
  /** The cases of the record that owns this (verified) email, followed to its survivor, and those it follows; newest first. */
  abstract ownedByEmail(tenantId: string, email: string, limit: number): Promise<CaseRecord[]>;

  abstract timeline(caseId: string): Promise<TimelineEntry[]>;
  /** The entries of these kinds of the timelines of these cases, oldest first (each case's in order), in one read. */
  abstract timelines(caseIds: string[], kinds: readonly TimelineKind[]): Promise<TimelineEntry[]>;
  abstract addToTimeline(entries: NewTimelineEntry[]): Promise<void>;
  /** The latest note marked shared of each case (for the public: never an internal note nor a status reason). */
  abstract latestSharedNotes(caseIds: string[]): Promise<Map<string, string>>;

  /** The satisfaction answers of these cases (one at most each), in one read. */
  abstract satisfactionOf(caseIds: string[]): Promise<CaseSatisfaction[]>;
  /** Writes a case's satisfaction answer, replacing the one it had. */
  abstract saveSatisfaction(answer: CaseSatisfaction): Promise<void>;

  abstract links(caseId: string): Promise<CaseLink[]>;
  abstract link(fromCaseId: string, toCaseId: string): Promise<CaseLink | null>;
  abstract addLinks(links: NewCaseLink[]): Promise<void>;

  abstract subscriptions(caseId: string): Promise<CaseSubscription[]>;
  /** The follows of any of these cases. */
  abstract subscriptionsOf(caseIds: string[]): Promise<CaseSubscription[]>;
  abstract subscriptionsOfCitizen(partyId: string): Promise<CaseSubscription[]>;
  /** Follows cases; one already followed stays as it was. */
  abstract subscribe(subscriptions: NewSubscription[]): Promise<void>;
  abstract unsubscribe(partyId: string, caseIds?: string[]): Promise<void>;
}
