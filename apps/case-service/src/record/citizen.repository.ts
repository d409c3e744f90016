import type { CitizenRestriction } from './citizen-restriction.entity';
import type { CitizenMerge } from './citizen-merge.entity';
import type { ContactPoint, ContactPointKind } from './contact-point.entity';
import type { Party } from './party.entity';

/** Who holds a contact: its owner, or a record kept apart from it holding a copy, and where that record leads. */
export interface ContactHolding {
  tenantId: string;
  kind: 'email' | 'phone';
  value: string;
  partyId: string;
  mergedInto: string | null;
  heldApart: boolean;
  /** The support needs of the record it leads to (the survivor's after a merge). */
  supportNeeds: boolean;
}

/** A record as it is made: it holds the citizen's data (erased later, if ever). */
export type NewParty = Omit<Party, 'contactPoints' | 'createdAt' | 'updatedAt' | 'version' | 'erasedAt'>;
export type NewContactPoint = Omit<ContactPoint, 'id' | 'party' | 'createdAt'>;
export type NewCitizenMerge = Omit<CitizenMerge, 'id'>;

/** What moved from one record to another in a merge. */
export interface MovedRecords {
  caseIds: string[];
  interactionIds: string[];
  contactPointIds: string[];
}

/** The port to the citizens of the record: their records, contact points and merges. */
export abstract class CitizenRepository {
  /** Every record holding any of these contacts. */
  abstract holdings(
    wanted: Array<{ tenantId: string; kind: 'email' | 'phone'; value: string }>,
  ): Promise<ContactHolding[]>;
  abstract insertParties(parties: NewParty[]): Promise<void>;
  /** New contact points; one that would take a contact another record owns is skipped. */
  abstract insertContactPoints(points: NewContactPoint[]): Promise<void>;

  abstract byId(tenantId: string, id: string, forUpdate?: boolean): Promise<Party | null>;
  /** Records with their contact points. */
  abstract withContacts(tenantId: string, ids: string[]): Promise<Party[]>;
  abstract exists(tenantId: string, id: string): Promise<boolean>;
  /** The record that owns this contact (never one holding a copy apart from it), or null. */
  abstract ownerOf(tenantId: string, kind: ContactPointKind, value: string): Promise<string | null>;
  /** The records locked for update, in id order (two merges of one pair cannot deadlock). */
  abstract lock(ids: string[]): Promise<Map<string, Party>>;
  abstract save(parties: Party[]): Promise<void>;
  abstract update(
    id: string,
    change: Partial<Pick<Party, 'consentUpdates' | 'preferredChannel' | 'language'>>,
  ): Promise<void>;
  /** Moves everything of `from` (cases, interactions, contact points) to `to`; says what moved. */
  abstract moveRecords(from: string, to: string): Promise<MovedRecords>;
  /** Moves exactly these back from `from` to `to`, where they are still on `from`. */
  abstract moveBack(moved: MovedRecords, from: string, to: string): Promise<void>;

  abstract addMerge(merge: NewCitizenMerge): Promise<CitizenMerge>;
  abstract saveMerge(merge: CitizenMerge): Promise<void>;
  abstract merge(tenantId: string, id: string, forUpdate?: boolean): Promise<CitizenMerge | null>;
  /** The merges a record took part in, either way, newest first. */
  abstract mergesOf(id: string): Promise<CitizenMerge[]>;

  /** The restrictions in force on these records (article 18), one per record at most. */
  abstract restrictionsOf(tenantId: string, ids: string[]): Promise<CitizenRestriction[]>;
  abstract restrict(r: NewCitizenRestriction): Promise<CitizenRestriction>;
  /** Lifts a restriction in force; says whether it was. */
  abstract lift(
    id: string,
    lifted: Pick<CitizenRestriction, 'liftedBy' | 'liftedAt' | 'told'>,
  ): Promise<boolean>;
}

export type NewCitizenRestriction = Pick<
  CitizenRestriction,
  'tenantId' | 'partyId' | 'ground' | 'restrictedBy' | 'restrictedAt'
>;
