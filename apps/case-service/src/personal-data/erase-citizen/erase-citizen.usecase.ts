import { Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import { ACTIVE_STATUSES } from '@city/domain-cases';
import { Transaction } from '@city/platform-database';
import { DocumentStore } from '../../documents/document.store';
import { CaseDocumentRepository } from '../../record/case-document.repository';
import type { CitizenErasure } from '../citizen-erasure.entity';
import { DataSubjects } from '../data-subjects';
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

/**
 * An administrator erases a citizen (docs/personal-data.md; GDPR article 17): the other services
 * anonymise their part first (each idempotent), then the record, in one transaction with the
 * erasure's own record; the documents' bytes go after the commit. A service out of reach stops it
 * before anything of the record changed, so it can be asked again. Refused while a request of theirs
 * is still being worked (the city needs its details for that): withdraw or close it first. Asked
 * again after it was done, it answers what was done and changes nothing.
 */
@Injectable()
export class EraseCitizenUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly subjects: DataSubjects,
    private readonly erasures: RecordErasure,
    private readonly elsewhere: PersonalDataElsewhere,
    private readonly documents: CaseDocumentRepository,
    private readonly store: DocumentStore,
  ) {}

  async execute(c: EraseCitizen, now = new Date()): Promise<ErasureReport> {
    const { done, known } = await this.tx.snapshot(async () => {
      const known = await this.subjects.of(c.city, { citizenId: c.citizenId });
      const done = known.record ? await this.erasures.ofParty(c.city, known.record.id) : null;
      return { done, known };
    });
    if (done) return reportOf(done);
    const record = known.record!;
    const open = known.own.filter((x) => ACTIVE_STATUSES.includes(x.status));
    if (open.length > 0)
      throw DomainError.conflict(
        'personal-data.open-requests',
        `Their requests ${open.map((x) => x.reference).join(', ')} are still being worked: withdraw or close them first.`,
        [{ field: 'citizen', reason: `has ${open.length} open request(s)` }],
      );
    const elsewhere = await this.elsewhere.erase(c.city, known.subject);
    const { erasure, documentKeys } = await this.tx.run(async () => {
      const here = await this.erasures.erase(
        c.city,
        known.subject.citizenIds,
        known.own.map((x) => x.id),
      );
      const erasure = await this.erasures.record({
        tenantId: c.city,
        partyId: record.id,
        mergedIds: known.merges.map((m) => m.mergedId),
        ground: c.ground,
        erasedBy: c.by,
        erasedAt: now,
        erased: {
          'case-service': here.counts,
          ...Object.fromEntries(elsewhere.map((e) => [e.service, e.erased])),
        },
      });
      return { erasure, documentKeys: here.documentKeys };
    });
    // The bytes, now that no document names them (unless another document has the same content).
    for (const d of documentKeys)
      if (!(await this.documents.anyWithContent(c.city, d.sha256))) await this.store.remove(d.key);
    return reportOf(erasure);
  }
}
