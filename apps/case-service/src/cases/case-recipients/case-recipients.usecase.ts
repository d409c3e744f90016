import { Inject, Injectable } from '@nestjs/common';
import type { CaseRecipients } from '@city/contracts';
import { APP_CONFIG } from '@city/platform-config';
import type { CaseConfig } from '../../config';
import { CaseRepository } from '../../record/case.repository';
import { CitizenRepository } from '../../record/citizen.repository';
import type { Party } from '../../record/party.entity';
import { caseNotFound, referenceOf } from '../../record/case-rules';

/** A citizen's latest contact point of a kind, or null. */
const latest = (p: Party, kind: string) =>
  p.contactPoints
    .filter((cp) => cp.kind === kind)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]?.value ?? null;

/**
 * Who hears about a case, as they are now (for the notification-service, at the moment it sends):
 * the citizen who asked and those who follow it (reporters of linked duplicates), merged records
 * followed to their survivor, each with their contact points, channel, language and consent.
 */
@Injectable()
export class CaseRecipientsUseCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly citizens: CitizenRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<CaseConfig, 'TENANT_ID'>,
  ) {}

  async execute(rawReference: string): Promise<CaseRecipients> {
    const reference = referenceOf(rawReference);
    const tenantId = this.config.TENANT_ID;
    const c = await this.cases.byReference(tenantId, reference);
    if (!c) throw caseNotFound(reference);
    const subs = await this.cases.subscriptions(c.id);
    const ids = [...new Set([...(c.partyId ? [c.partyId] : []), ...subs.map((s) => s.partyId)])];
    const parties = await this.citizens.withContacts(tenantId, ids);
    const survivors = parties.filter((p) => p.mergedInto).map((p) => p.mergedInto!);
    const extra = await this.citizens.withContacts(tenantId, survivors);
    const byId = new Map([...parties, ...extra].map((p) => [p.id, p]));
    const resolve = (id: string) => {
      const p = byId.get(id);
      return p?.mergedInto ? byId.get(p.mergedInto) : p;
    };
    const reporter = c.partyId ? resolve(c.partyId) : undefined;
    const seen = new Set<string>();
    const recipients: CaseRecipients['recipients'] = [];
    for (const p of [reporter, ...subs.map((s) => resolve(s.partyId))]) {
      if (!p || seen.has(p.id)) continue;
      seen.add(p.id);
      recipients.push({
        citizenId: p.id,
        role: p === reporter ? 'reporter' : 'follower',
        firstName: p.firstName,
        lastName: p.lastName,
        preferredChannel: p.preferredChannel,
        language: p.language,
        consentUpdates: p.consentUpdates,
        email: latest(p, 'email'),
        phone: latest(p, 'phone'),
      });
    }
    return { caseId: c.id, reference: c.reference, serviceCode: c.serviceCode, status: c.status, recipients };
  }
}
