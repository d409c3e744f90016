import { Injectable } from '@nestjs/common';
import { OutboxMessage, tableName, TypeormTransaction } from '@city/platform-database';
import { CaseDocument } from '../record/case-document.entity';
import { CaseSubscription } from '../record/case-link.entity';
import { CaseRecord } from '../record/case.entity';
import { CitizenMerge } from '../record/citizen-merge.entity';
import { ContactPoint } from '../record/contact-point.entity';
import { Interaction } from '../record/interaction.entity';
import { Party } from '../record/party.entity';
import { TimelineEntry } from '../record/timeline-entry.entity';
import { CitizenErasure } from './citizen-erasure.entity';

/** What an erasure changed in the record, by kind of row; and the documents whose bytes are to go. */
export interface RecordErased {
  counts: Record<string, number>;
  /** The store keys of the documents removed (their bytes are removed after the commit). */
  documentKeys: Array<{ key: string; sha256: string }>;
}

/**
 * Timeline entries that say nothing personal (where the work went, its clocks): kept as they are.
 * Every other entry keeps its kind, time and who acted, and loses its words.
 */
const NOTHING_PERSONAL = ['routed', 'assigned', 'due-times-set', 'sla-warning', 'sla-breached', 'linked'];

/**
 * The port that erases a citizen from the record (docs/personal-data.md), in the caller's
 * transaction. What the law may require stays: that each case existed, its service, channel, times,
 * status and outcome, the district it was in (for the figures), its satisfaction score.
 */
export abstract class RecordErasure {
  abstract erase(city: string, partyIds: string[], caseIds: string[]): Promise<RecordErased>;
  abstract record(erasure: Omit<CitizenErasure, 'id'>): Promise<CitizenErasure>;
  abstract ofParty(city: string, partyId: string): Promise<CitizenErasure | null>;
  /** What of the documents' bytes is still in the store, after another try to remove it. */
  abstract leaveDocuments(id: string, left: CitizenErasure['documentsLeft']): Promise<void>;
  /** What the erasure did after its commit (the data keys of their events), kept on its report. */
  abstract noteErased(id: string, erased: CitizenErasure['erased']): Promise<void>;
  /** The erasures whose documents' bytes are not all removed yet (the nightly run tries them again). */
  abstract withDocumentsLeft(city: string): Promise<CitizenErasure[]>;
}

@Injectable()
export class TypeormRecordErasure extends RecordErasure {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  async erase(city: string, partyIds: string[], caseIds: string[]): Promise<RecordErased> {
    const m = this.tx.manager();
    const t = (e: Parameters<typeof tableName>[1]) => tableName(m, e);
    const count = async (sql: string, params: unknown[]) =>
      ((await m.query(sql, params)) as [unknown, number])[1];
    const counts: Record<string, number> = {};
    counts.records = await count(
      `UPDATE ${t(Party)} SET first_name = NULL, last_name = NULL, support_needs = false, consent_updates = false,
              possible_match_of = NULL, erased_at = coalesce(erased_at, now())
        WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [city, partyIds],
    );
    counts.contacts = await count(
      `DELETE FROM ${t(ContactPoint)} WHERE tenant_id = $1 AND party_id = ANY($2::uuid[])`,
      [city, partyIds],
    );
    counts.cases = await count(
      `UPDATE ${t(CaseRecord)} SET description = NULL, attributes = '{}'::jsonb, address = NULL, lat = NULL, long = NULL,
              property_id = NULL, anonymised_at = coalesce(anonymised_at, now())
        WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [city, caseIds],
    );
    counts.timelineEntries = await count(
      `UPDATE ${t(TimelineEntry)} SET summary = 'Erased (' || kind || ')', details = '{}'::jsonb
        WHERE case_id = ANY($1::uuid[]) AND kind <> ALL($2)`,
      [caseIds, NOTHING_PERSONAL],
    );
    // A supervisor's priority change travels as a routing, with their reason (which may speak of the
    // citizen): the change and who made it stay, the reason goes.
    counts.timelineEntries += await count(
      `UPDATE ${t(TimelineEntry)} SET summary = regexp_replace(summary, '^(Priority set to \\S+ by \\S+?): .*$', '\\1'),
              details = details - 'reason'
        WHERE case_id = ANY($1::uuid[]) AND kind = 'routed' AND details ? 'reason'`,
      [caseIds],
    );
    counts.interactions = await count(
      `UPDATE ${t(Interaction)} SET summary = 'Erased (' || kind || ')', details = '{}'::jsonb
        WHERE tenant_id = $1 AND (party_id = ANY($2::uuid[]) OR case_ids && $3::uuid[])`,
      [city, partyIds, caseIds],
    );
    // Who followed what: their follows, and anyone's follows of these cases.
    counts.follows = await count(
      `DELETE FROM ${t(CaseSubscription)} WHERE party_id = ANY($1::uuid[]) OR case_id = ANY($2::uuid[])`,
      [partyIds, caseIds],
    );
    // A merge keeps what moved (ids) and loses its reason and the survivor's name before it.
    counts.merges = await count(
      `UPDATE ${t(CitizenMerge)} SET reason = '(erased)', reversal_reason = CASE WHEN reversal_reason IS NULL THEN NULL ELSE '(erased)' END,
              moves = jsonb_set(moves, '{survivorBefore}', '{"firstName": null, "lastName": null, "supportNeeds": false}'::jsonb)
        WHERE tenant_id = $1 AND (survivor_id = ANY($2::uuid[]) OR merged_id = ANY($2::uuid[]))`,
      [city, partyIds],
    );
    const [documents] = (await m.query(
      `DELETE FROM ${t(CaseDocument)} WHERE case_id = ANY($1::uuid[]) RETURNING storage_key, sha256`,
      [caseIds],
    )) as [Array<{ storage_key: string; sha256: string }>, number];
    counts.documents = documents.length;
    // The events about their cases and their records (a merge's, keyed by the survivor) this service
    // has published already: the copies kept here to be pruned later (OUTBOX_RETENTION_HOURS) go now.
    // One not yet published still goes out.
    counts.publishedEvents = await count(
      `DELETE FROM ${t(OutboxMessage)} WHERE message_key = ANY($1) AND published_at IS NOT NULL`,
      [[...caseIds, ...partyIds]],
    );
    return { counts, documentKeys: documents.map((d) => ({ key: d.storage_key, sha256: d.sha256 })) };
  }

  record(erasure: Omit<CitizenErasure, 'id'>): Promise<CitizenErasure> {
    const repo = this.tx.manager().getRepository(CitizenErasure);
    return repo.save(repo.create(erasure));
  }

  async leaveDocuments(id: string, left: CitizenErasure['documentsLeft']): Promise<void> {
    await this.tx.manager().getRepository(CitizenErasure).update({ id }, { documentsLeft: left });
  }

  async noteErased(id: string, erased: CitizenErasure['erased']): Promise<void> {
    await this.tx.manager().getRepository(CitizenErasure).update({ id }, { erased });
  }

  withDocumentsLeft(city: string): Promise<CitizenErasure[]> {
    return this.tx
      .manager()
      .getRepository(CitizenErasure)
      .createQueryBuilder('e')
      .where("e.tenant_id = :city AND e.documents_left <> '[]'::jsonb", { city })
      .getMany();
  }

  ofParty(city: string, partyId: string): Promise<CitizenErasure | null> {
    return this.tx
      .manager()
      .getRepository(CitizenErasure)
      .createQueryBuilder('e')
      .where('e.tenant_id = :city AND (e.party_id = :partyId OR :partyId = ANY(e.merged_ids))', {
        city,
        partyId,
      })
      .getOne();
  }
}
