import { Injectable } from '@nestjs/common';
import {
  DomainError,
  RESTRICTION_GROUNDS_KEEPING_DATA,
  type DataSubject,
  type RestrictionGround,
} from '@city/contracts';
import { ACTIVE_STATUSES } from '@city/domain-cases';
import { Transaction } from '@city/platform-database';
import { PersonalEventKeys } from '@city/platform-kafka';
import { CitizenRepository } from '../../record/citizen.repository';
import type { CitizenErasure } from '../citizen-erasure.entity';
import type { CitizenRestriction } from '../../record/citizen-restriction.entity';
import { DataSubjects, type KnownSubject } from '../data-subjects';
import { DocumentBytes } from '../document-bytes';
import { PersonalDataElsewhere } from '../personal-data-elsewhere';
import { RecordErasure } from '../record-erasure';

export interface EraseCitizen {
  city: string;
  citizenId: string;
  ground: string;
  /** The administrator, as an actor label. */
  by: string;
}

/** What an erasure did, as the administrator and the audit see it. */
export interface ErasureReport {
  citizenId: string;
  mergedIds: string[];
  ground: string;
  erasedBy: string;
  erasedAt: string;
  /** Per service, how many rows of each kind it anonymised or removed. */
  erased: Record<string, Record<string, number>>;
}

const reportOf = (e: CitizenErasure): ErasureReport => ({
  citizenId: e.partyId,
  mergedIds: e.mergedIds,
  ground: e.ground,
  erasedBy: e.erasedBy,
  erasedAt: e.erasedAt.toISOString(),
  erased: e.erased,
});

const refuseOpen = (known: KnownSubject) => {
  const open = known.own.filter((x) => ACTIVE_STATUSES.includes(x.status));
  if (open.length > 0)
    throw DomainError.conflict(
      'personal-data.open-requests',
      `Their requests ${open.map((x) => x.reference).join(', ')} are still being worked: withdraw or close them first.`,
      [{ field: 'citizen', reason: `has ${open.length} open request(s)` }],
    );
};

/**
 * A record restricted because the citizen wants it kept (processed unlawfully but erasure opposed, or
 * needed for their legal claims: article 18(1)(b, c)) is not erased: lift the restriction first.
 */
const refuseRestricted = (restriction: CitizenRestriction | undefined) => {
  if (restriction && RESTRICTION_GROUNDS_KEEPING_DATA.includes(restriction.ground as RestrictionGround))
    throw DomainError.conflict(
      'personal-data.restricted',
      `Their record is restricted (${restriction.ground}): they asked for it to be kept. Lift the restriction first.`,
    );
};

const contactsOf = (s: DataSubject) => s.contacts.map((c) => `${c.kind}/${c.value}`);
const sameSubject = (a: DataSubject, b: DataSubject) =>
  [
    [a.citizenIds, b.citizenIds],
    [a.caseIds, b.caseIds],
    [contactsOf(a), contactsOf(b)],
  ].every(([x, y]) => x!.length === y!.length && x!.every((id) => y!.includes(id)));

/**
 * An administrator erases a citizen (docs/personal-data.md; GDPR article 17): the other services
 * anonymise their part first (each idempotent), then the record, in one transaction with the
 * erasure's own record; the data keys of their events on Kafka and the documents' bytes go after
 * the commit. A service out of reach stops it before anything of the record changed, so it can be
 * asked again. Refused while a request of theirs is still being worked (the city needs its details
 * for that): withdraw or close it first; and while their record is restricted because they want it
 * kept. Asked again after it was done, it answers what was done, changes nothing, and tries again to
 * erase any key and remove any document bytes that stayed. In the transaction the records are locked and the checks made again: two
 * erasures at once give one erasure and the same answer, and a request opened meanwhile stops it.
 */
@Injectable()
export class EraseCitizenUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly subjects: DataSubjects,
    private readonly citizens: CitizenRepository,
    private readonly erasures: RecordErasure,
    private readonly elsewhere: PersonalDataElsewhere,
    private readonly bytes: DocumentBytes,
    private readonly eventKeys: PersonalEventKeys,
  ) {}

  async execute(c: EraseCitizen, now = new Date()): Promise<ErasureReport> {
    const { done, known, restriction } = await this.tx.snapshot(async () => {
      const known = await this.subjects.of(c.city, { citizenId: c.citizenId });
      const done = known.record ? await this.erasures.ofParty(c.city, known.record.id) : null;
      const [restriction] = known.record ? await this.citizens.restrictionsOf(c.city, [known.record.id]) : [];
      return { done, known, restriction };
    });
    if (done) return this.finish(c.city, done, known.subject);
    refuseOpen(known);
    refuseRestricted(restriction);
    const elsewhere = await this.elsewhere.erase(c.city, known.subject);
    const erasure = await this.tx.run(async () => {
      // The locks intake takes on a contact before it matches a request to a record, then the
      // records: a request of theirs is either committed before the checks below, or matches after
      // the erasure (when no record holds their contacts any more).
      await this.tx.lock(known.subject.contacts.map((x) => `${c.city}/citizen/${x.kind}/${x.value}`));
      await this.citizens.lock(known.subject.citizenIds);
      const done = await this.erasures.ofParty(c.city, known.record!.id);
      if (done) return done;
      const again = await this.subjects.of(c.city, { citizenId: c.citizenId });
      refuseOpen(again);
      if (!sameSubject(again.subject, known.subject))
        throw DomainError.conflict(
          'personal-data.changed',
          'Their record changed while it was being erased (a merge, a new request or contact): ask again.',
        );
      const here = await this.erasures.erase(
        c.city,
        known.subject.citizenIds,
        known.own.map((x) => x.id),
      );
      return this.erasures.record({
        tenantId: c.city,
        partyId: known.record!.id,
        mergedIds: known.merges.map((m) => m.mergedId),
        ground: c.ground,
        erasedBy: c.by,
        erasedAt: now,
        erased: {
          'case-service': here.counts,
          ...Object.fromEntries(elsewhere.map((e) => [e.service, e.erased])),
        },
        documentsLeft: here.documentKeys,
      });
    });
    return this.finish(c.city, erasure, known.subject);
  }

  /**
   * After the commit (a refusal above changes nothing anywhere): their events on Kafka, whose data
   * keys are erased, so every copy kept can no longer be read; then the documents' bytes. What stays
   * is tried again when the erasure is asked again (a key written since, bytes the store kept).
   */
  private async finish(city: string, erasure: CitizenErasure, subject: DataSubject): Promise<ErasureReport> {
    const dataKeys = await this.eventKeys.erase(this.eventKeys.subjectsOf(subject));
    if (dataKeys > 0 || !erasure.erased.kafka) {
      erasure.erased = {
        ...erasure.erased,
        kafka: { dataKeys: (erasure.erased.kafka?.dataKeys ?? 0) + dataKeys },
      };
      await this.erasures.noteErased(erasure.id, erasure.erased);
    }
    if (erasure.documentsLeft.length === 0) return reportOf(erasure);
    const left = await this.bytes.remove(city, erasure.documentsLeft);
    await this.erasures.leaveDocuments(erasure.id, left);
    return reportOf(erasure);
  }
}
