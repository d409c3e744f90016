import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import { normalizePhone, normalizeReference } from '@city/domain-intake';
import { APP_CONFIG } from '@city/platform-config';
import { Transaction } from '@city/platform-database';
import type { CaseConfig } from '../../config';
import type { CaseRecord } from '../../record/case.entity';
import { CaseRepository } from '../../record/case.repository';
import { CitizenRepository } from '../../record/citizen.repository';
import type { Party } from '../../record/party.entity';
import { CitizenViews, type FollowedCase } from '../citizen-view/citizen-views';

export interface SecondFactor {
  email?: string;
  phone?: string;
}
/** A case whose citizen is known: only such a case can be followed. */
export type CitizensCase = CaseRecord & { partyId: string };

/** Whose contact the second factor was: the citizen who made the request, or one who follows it. */
export interface RequestViewer {
  /** Their record (the survivor's, after a merge): the citizen the look-up speaks for. */
  partyId: string;
  /** The citizen who made the request; false for one who follows it (a subscription). */
  own: boolean;
  /** Every record id that is this citizen (a merged record's and its survivor's): the messages sent to them. */
  citizenIds: string[];
  /** The kind of contact that matched: what a refusal names. */
  by: 'email' | 'phone';
}

/** A request found by its reference and second factor, and who asked. */
export interface FoundRequest {
  case: CitizensCase;
  viewer: RequestViewer;
}

interface LookUp {
  tenantId: string;
  reference: string;
  wanted: { kind: 'email' | 'phone'; value: string };
}

/**
 * A citizen follows a request by its reference plus an email or phone (the second factor): the one
 * its citizen gave, or that of a citizen who follows it (subscribed, say after following it instead
 * of reporting it again). Either may read it; only the citizen who made it may act on it (reply,
 * reopen): `asReporter` refuses a follower. A wrong second factor gets the same answer as no such
 * case: a reference alone reveals nothing.
 */
@Injectable()
export class FollowRequestUseCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly citizens: CitizenRepository,
    private readonly views: CitizenViews,
    private readonly tx: Transaction,
    @Inject(APP_CONFIG) private readonly config: Pick<CaseConfig, 'DEFAULT_COUNTRY'>,
  ) {}

  /**
   * The request and what this citizen may see of it (due times, timeline, the case it duplicates;
   * a follower sees no "received" line nor its reporter's replies, and only the messages sent to
   * them), read in one snapshot: a status change made meanwhile shows in both the status and the
   * timeline, or in neither. A malformed look-up is refused before the database is asked.
   */
  async followed(
    tenantId: string,
    rawReference: string,
    secondFactor: SecondFactor,
  ): Promise<FollowedCase<CitizensCase> & { viewer: RequestViewer }> {
    const asked = this.lookUp(tenantId, rawReference, secondFactor);
    return this.tx.snapshot(async () => {
      const found = await this.check(asked);
      const [view] = await this.views.of([found.case], found.viewer.citizenIds);
      return { ...found, view };
    });
  }

  /**
   * The request and whose contact matched, its reporter's or a follower's: for reading (the
   * notification-service's inbox, preferences, which are each citizen's own).
   */
  async execute(tenantId: string, rawReference: string, secondFactor: SecondFactor): Promise<FoundRequest> {
    return this.check(this.lookUp(tenantId, rawReference, secondFactor));
  }

  /** The request, for acting on it: only by the contact of the citizen who made it (403 for a follower's). */
  async asReporter(
    tenantId: string,
    rawReference: string,
    secondFactor: SecondFactor,
  ): Promise<CitizensCase> {
    const { case: c, viewer } = await this.execute(tenantId, rawReference, secondFactor);
    if (!viewer.own)
      throw DomainError.forbidden(
        'request.not-reporter',
        'Only the citizen who made this request can do this; you follow it.',
        [{ field: viewer.by, reason: 'only the citizen who made this request can do this' }],
      );
    return c;
  }

  private lookUp(tenantId: string, rawReference: string, { email, phone }: SecondFactor): LookUp {
    if (!email && !phone)
      throw DomainError.invalid(
        'request.second-factor-missing',
        'Give the email or the phone number used for the request.',
        [{ field: 'email', reason: 'give the email or the phone number used for the request' }],
      );
    const reference = normalizeReference(rawReference);
    if (!reference)
      throw DomainError.invalid('case.invalid-reference', 'Not a reference.', [
        { field: 'reference', reason: 'not a valid reference' },
      ]);
    const wanted = email
      ? { kind: 'email' as const, value: email.trim().toLowerCase() }
      : { kind: 'phone' as const, value: normalizePhone(phone!, this.config.DEFAULT_COUNTRY) ?? phone! };
    return { tenantId, reference, wanted };
  }

  private async check({ tenantId, reference, wanted }: LookUp): Promise<FoundRequest> {
    const notFound = DomainError.notFound('case.not-found', `No case ${reference}.`);
    const c = await this.cases.byReference(tenantId, reference);
    if (!c?.partyId) throw notFound;
    const mine = Object.assign(c, { partyId: c.partyId });
    /** Whether the record holds the contact; `owned`: as its own, not as a copy kept apart from its owner. */
    const holds = (p: Party | undefined, owned = false) =>
      !!p?.contactPoints.some(
        (cp) => cp.kind === wanted.kind && cp.value === wanted.value && !(owned && cp.heldApart),
      );
    const [reporter] = await this.citizens.withContacts(c.tenantId, [c.partyId]);
    if (holds(reporter))
      return {
        case: mine,
        viewer: { partyId: c.partyId, own: true, citizenIds: [c.partyId], by: wanted.kind },
      };
    const follower = await this.follower(mine, holds);
    if (!follower) throw notFound;
    return { case: mine, viewer: { ...follower, own: false, by: wanted.kind } };
  }

  /**
   * The citizen who follows the case and holds the contact, as they are now: a subscription made
   * before a merge leads to the survivor, which holds the merged record's contacts.
   */
  private async follower(
    c: CitizensCase,
    holds: (p: Party | undefined, owned?: boolean) => boolean,
  ): Promise<{ partyId: string; citizenIds: string[] } | null> {
    const subscribed = (await this.cases.subscriptions(c.id))
      .map((s) => s.partyId)
      .filter((id) => id !== c.partyId);
    if (subscribed.length === 0) return null;
    const parties = await this.citizens.withContacts(c.tenantId, subscribed);
    const survivorIds = parties.flatMap((p) => (p.mergedInto ? [p.mergedInto] : []));
    const survivors = await this.citizens.withContacts(c.tenantId, survivorIds);
    const byId = new Map([...parties, ...survivors].map((p) => [p.id, p]));
    const currentOf = (id: string) => {
      const p = byId.get(id);
      return p?.mergedInto ? byId.get(p.mergedInto) : p;
    };
    // The record that owns the contact first; one holding a copy of it (kept apart) else.
    const now = subscribed.map(currentOf);
    const who = now.find((p) => holds(p, true)) ?? now.find((p) => holds(p));
    // A follower merged into the case's reporter is its reporter, whom the caller checked already.
    if (!who || who.id === c.partyId) return null;
    const partyId = who.id;
    const citizenIds = [
      partyId,
      ...subscribed.filter((id) => id !== partyId && currentOf(id)?.id === partyId),
    ];
    return { partyId, citizenIds };
  }
}
