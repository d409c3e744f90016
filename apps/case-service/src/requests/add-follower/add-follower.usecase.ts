import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, open311VisibilityOf, type FollowRequestBody, type Following } from '@city/contracts';
import { TERMINAL_STATUSES } from '@city/domain-cases';
import { Transaction } from '@city/platform-database';
import { CatalogueStore } from '@city/platform-kafka';
import { chooseCitizen } from '../../intake/match-citizen';
import type { CaseRecord } from '../../record/case.entity';
import { caseNotFound, referenceOf } from '../../record/case-rules';
import { CaseRepository } from '../../record/case.repository';
import { CitizenRepository } from '../../record/citizen.repository';
import { InteractionRepository } from '../../record/interaction.repository';

/** Why a case that reached an outcome cannot be followed, in words for the citizen. */
const ENDED: Record<string, string> = {
  closed: 'it is closed; if the problem is back, make a new request',
  withdrawn: 'it was withdrawn; if the problem is still there, make a new request',
  duplicate: 'it was joined to an earlier report of the same problem; follow that one',
  'not-our-responsibility': 'it was passed on, as it is not something the council looks after',
};

/** The signed-in citizen who follows, as their token says: only a verified email links them to a record. */
export interface SignedInFollower {
  /** Verified, or null (the identity provider has not verified it). */
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

/**
 * A signed-in citizen follows a request someone else made instead of reporting the same problem again
 * ("already reported?"). They hear about it on their verified email, the one their identity provider
 * checked, so nobody can subscribe an address that is not theirs: no token with a verified email, no
 * follow (403). They are found by that email as the intake finds them (the record that owns it,
 * followed to its survivor after a merge) or recorded as a new citizen, with their name and the
 * language asked for. The citizen is subscribed to the case, so they hear about it as its reporter
 * does, it is among their cases, and they may read it (never act on it) by its reference and their
 * email. Following twice changes nothing. Only cases of services the catalogue marks public (what
 * Open311 shows anyone), and only while the case is still going. An existing citizen's record and
 * preferences are never changed from here.
 */
@Injectable()
export class AddFollowerUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly cases: CaseRepository,
    private readonly citizens: CitizenRepository,
    private readonly interactions: InteractionRepository,
    private readonly catalogue: CatalogueStore,
  ) {}

  async execute(
    tenantId: string,
    rawReference: string,
    follower: SignedInFollower,
    body: FollowRequestBody = {},
  ): Promise<Following> {
    const reference = referenceOf(rawReference);
    if (!follower.email)
      throw DomainError.forbidden(
        'follow.email-unverified',
        'Verify your email with the city to follow a request.',
        [{ field: 'email', reason: 'the account has no verified email to send the updates to' }],
      );
    // As the intake reads a request's contact: the email in lower case.
    const email = follower.email.trim().toLowerCase();
    if (!this.catalogue.ready)
      throw DomainError.unavailable(
        'catalogue.loading',
        'The service catalogue is still loading; try again shortly.',
        2,
      );
    return this.tx.run(async () => {
      const c = await this.cases.byReference(tenantId, reference);
      // A case of a service the public may not see is as absent as one that does not exist.
      if (!c || !open311VisibilityOf(this.catalogue.get(c.serviceCode, tenantId)).public)
        throw caseNotFound(reference);
      if (TERMINAL_STATUSES.includes(c.status))
        throw DomainError.conflict('follow.case-ended', `${c.reference} cannot be followed any more.`, [
          { field: 'reference', reason: ENDED[c.status] ?? `it is ${c.status}` },
        ]);
      // The intake's lock for this email: a request and a follow by one new citizen make one record.
      await this.tx.lock([`${tenantId}/citizen/email/${email}`]);
      const holdings = await this.citizens.holdings([{ tenantId, kind: 'email', value: email }]);
      // The record that owns the email (never one holding a copy apart from it), or a new one.
      let partyId = chooseCitizen(holdings.filter((h) => !h.heldApart));
      if (!partyId) {
        partyId = randomUUID();
        await this.citizens.insertParties([
          {
            id: partyId,
            tenantId,
            firstName: follower.firstName,
            lastName: follower.lastName,
            preferredChannel: 'email',
            language: body.language ?? 'en',
            consentUpdates: true,
            supportNeeds: false,
            mergedInto: null,
            possibleMatchOf: null,
          },
        ]);
        await this.citizens.insertContactPoints([
          { tenantId, partyId, kind: 'email', value: email, propertyId: null, heldApart: false },
        ]);
      }
      if (!(await this.follows(c, partyId))) await this.subscribe(c, partyId);
      return { reference: c.reference, following: true };
    });
  }

  /** Whether the citizen hears about the case already: its reporter, or subscribed to it. */
  private async follows(c: CaseRecord, partyId: string): Promise<boolean> {
    if (c.partyId === partyId) return true;
    return (await this.cases.subscriptions(c.id)).some((s) => s.partyId === partyId);
  }

  private async subscribe(c: CaseRecord, partyId: string): Promise<void> {
    const at = new Date();
    await this.cases.subscribe([{ caseId: c.id, partyId, reason: 'follower' }]);
    // Nothing personal in the summary: the case's timeline is read by every agent who opens it.
    await this.cases.addToTimeline([
      {
        tenantId: c.tenantId,
        caseId: c.id,
        kind: 'contact',
        actor: 'citizen',
        channel: 'web',
        at,
        summary: 'Followed by another citizen, who saw it was already reported',
        details: { change: 'followed', citizenId: partyId },
      },
    ]);
    // On the follower's record, so an agent sees why they hear about a case they did not report.
    await this.interactions.add([
      {
        tenantId: c.tenantId,
        partyId,
        channel: 'web',
        direction: 'inbound',
        kind: 'web-submission',
        handledBy: null,
        handlerKind: 'citizen',
        occurredAt: at,
        summary: `Follows ${c.serviceCode} request ${c.reference}`,
        caseIds: [c.id],
        details: { follow: true },
      },
    ]);
  }
}
