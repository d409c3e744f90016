import { Injectable } from '@nestjs/common';
import type { CaseRecipients, CaseRecipientsBatch } from '@city/contracts';
import { normalizeReference } from '@city/domain-intake';
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
 * followed to their survivor, each with their contact points, channel, language and consent; a
 * citizen whose record is restricted not for a case received before it (article 18). Many
 * cases at once take the same four queries as one.
 */
@Injectable()
export class CaseRecipientsUseCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly citizens: CitizenRepository,
  ) {}

  async execute(tenantId: string, rawReference: string): Promise<CaseRecipients> {
    const reference = referenceOf(rawReference);
    const { cases } = await this.executeMany(tenantId, [reference]);
    if (cases.length === 0) throw caseNotFound(reference);
    return cases[0];
  }

  /** Each case asked about that exists, in the order asked (each once), and the references that name none. */
  async executeMany(tenantId: string, rawReferences: string[]): Promise<CaseRecipientsBatch> {
    const asked = rawReferences.map((raw) => ({ raw, reference: normalizeReference(raw) }));
    const found = await this.cases.byReferences(tenantId, [
      ...new Set(asked.flatMap((a) => (a.reference ? [a.reference] : []))),
    ]);
    const byReference = new Map(found.map((c) => [c.reference, c]));
    const subs = await this.cases.subscriptionsOf(found.map((c) => c.id));
    const ids = [
      ...new Set([...found.flatMap((c) => (c.partyId ? [c.partyId] : [])), ...subs.map((s) => s.partyId)]),
    ];
    const parties = await this.citizens.withContacts(tenantId, ids);
    const survivors = parties.filter((p) => p.mergedInto).map((p) => p.mergedInto!);
    const extra = await this.citizens.withContacts(tenantId, survivors);
    const byId = new Map([...parties, ...extra].map((p) => [p.id, p]));
    // Restricted records (article 18): no message about a request received before the restriction.
    const restrictedSince = new Map(
      (await this.citizens.restrictionsOf(tenantId, [...byId.keys()])).map((r) => [
        r.partyId,
        r.restrictedAt,
      ]),
    );
    const resolve = (id: string) => {
      const p = byId.get(id);
      return p?.mergedInto ? byId.get(p.mergedInto) : p;
    };
    const answer: CaseRecipientsBatch = { cases: [], notFound: [] };
    const answered = new Set<string>();
    for (const a of asked) {
      const c = a.reference ? byReference.get(a.reference) : undefined;
      if (!c) {
        answer.notFound.push(a.raw);
        continue;
      }
      if (answered.has(c.id)) continue;
      answered.add(c.id);
      const reporter = c.partyId ? resolve(c.partyId) : undefined;
      const seen = new Set<string>();
      const recipients: CaseRecipients['recipients'] = [];
      for (const p of [reporter, ...subs.filter((s) => s.caseId === c.id).map((s) => resolve(s.partyId))]) {
        if (!p || seen.has(p.id)) continue;
        seen.add(p.id);
        const since = restrictedSince.get(p.id);
        if (since && c.receivedAt < since) continue;
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
      answer.cases.push({
        caseId: c.id,
        reference: c.reference,
        serviceCode: c.serviceCode,
        status: c.status,
        recipients,
      });
    }
    return answer;
  }
}
