import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, open311VisibilityOf, type FollowRequestBody, type Following } from '@city/contracts';
import { TERMINAL_STATUSES } from '@city/domain-cases';
import { normalizePhone } from '@city/domain-intake';
import { APP_CONFIG } from '@city/platform-config';
import { Transaction } from '@city/platform-database';
import { CatalogueStore } from '@city/platform-kafka';
import type { CaseConfig } from '../../config';
import { matchCitizen, type Identity } from '../../intake/match-citizen';
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

/**
 * A citizen follows a request someone else made instead of reporting the same problem again
 * ("already reported?"), with an email or phone to hear about it on. They are found by that contact
 * as the intake finds them (the record that owns it, followed to its survivor after a merge) or
 * recorded as a new citizen; a contact given here joins nobody's record that does not hold it already
 * (the request is anonymous), so an email with someone else's phone is kept apart as the intake keeps
 * it. The citizen is subscribed to the case, so they hear about it as its reporter does and it is
 * among their cases once they sign in. Following twice changes nothing. Anyone may follow, so only
 * cases of services the catalogue marks public (what Open311 shows anyone), and only while the case
 * is still going. An existing citizen's preferences are never changed from here.
 */
@Injectable()
export class AddFollowerUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly cases: CaseRepository,
    private readonly citizens: CitizenRepository,
    private readonly interactions: InteractionRepository,
    private readonly catalogue: CatalogueStore,
    @Inject(APP_CONFIG) private readonly config: Pick<CaseConfig, 'TENANT_ID' | 'DEFAULT_COUNTRY'>,
  ) {}

  async execute(rawReference: string, body: FollowRequestBody): Promise<Following> {
    const reference = referenceOf(rawReference);
    let phone: string | undefined;
    if (body.phone) {
      phone = normalizePhone(body.phone, this.config.DEFAULT_COUNTRY) ?? undefined;
      if (!phone)
        throw DomainError.invalid('follow.invalid-phone', 'Not valid.', [
          { field: 'phone', reason: 'not a valid phone number' },
        ]);
    }
    // As the intake reads a request's contact: the email in lower case, the phone in E.164.
    const identities: Identity[] = [
      ...(body.email ? [{ kind: 'email' as const, value: body.email.trim().toLowerCase() }] : []),
      ...(phone ? [{ kind: 'phone' as const, value: phone }] : []),
    ];
    if (!this.catalogue.ready)
      throw DomainError.unavailable(
        'catalogue.loading',
        'The service catalogue is still loading; try again shortly.',
        2,
      );
    const tenantId = this.config.TENANT_ID;
    return this.tx.run(async () => {
      const c = await this.cases.byReference(tenantId, reference);
      // A case of a service the public may not see is as absent as one that does not exist.
      if (!c || !open311VisibilityOf(this.catalogue.get(c.serviceCode)).public) throw caseNotFound(reference);
      if (TERMINAL_STATUSES.includes(c.status))
        throw DomainError.conflict('follow.case-ended', `${c.reference} cannot be followed any more.`, [
          { field: 'reference', reason: ENDED[c.status] ?? `it is ${c.status}` },
        ]);
      // The intake's locks for these contacts: a request and a follow by one new citizen make one record.
      await this.tx.lock(identities.map((id) => `${tenantId}/citizen/${id.kind}/${id.value}`));
      const holdings = await this.citizens.holdings(identities.map((id) => ({ tenantId, ...id })));
      const match = matchCitizen(identities, holdings, false);
      let partyId: string;
      if (match.kind === 'existing') partyId = match.partyId;
      else {
        partyId = randomUUID();
        await this.citizens.insertParties([
          {
            id: partyId,
            tenantId,
            firstName: null,
            lastName: null,
            preferredChannel: body.email ? 'email' : 'sms',
            language: body.language ?? 'en',
            consentUpdates: true,
            supportNeeds: false,
            mergedInto: null,
            possibleMatchOf: match.kind === 'held-apart' ? match.possibleMatchOf : null,
          },
        ]);
        const contacts =
          match.kind === 'new'
            ? identities.map((id) => ({ id, heldApart: false }))
            : [
                ...match.own.map((id) => ({ id, heldApart: false })),
                ...match.copies.map((id) => ({ id, heldApart: true })),
              ];
        await this.citizens.insertContactPoints(
          contacts.map(({ id, heldApart }) => ({
            tenantId,
            partyId,
            kind: id.kind,
            value: id.value,
            propertyId: null,
            heldApart,
          })),
        );
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
