import { Injectable } from '@nestjs/common';

import { Transaction } from '@city/platform-database';
import { DocumentStore } from '../../documents/document.store';
import { CaseDocumentRepository } from '../../record/case-document.repository';
import type { CaseDocument } from '../../record/case-document.entity';
import { CaseRepository } from '../../record/case.repository';
import { InteractionRepository } from '../../record/interaction.repository';
import { replyMessageOf } from '../../record/case-views';
import type { TimelineEntry } from '../../record/timeline-entry.entity';
import { AuditTrail } from '../audit-trail';
import { DataSubjects, type SubjectOf } from '../data-subjects';
import { PersonalDataElsewhere, type HeldElsewhere } from '../personal-data-elsewhere';

/** How the export was asked for, as the export says it (and the audit). */
export interface RequestedBy {
  actor: string;
  /** How staff made sure the person asking is the citizen; null when the citizen asked signed in. */
  identityCheck: string | null;
}

/**
 * Everything the platform holds about a citizen, as one machine-readable file (docs/personal-data.md):
 * the GDPR's right of access (article 15) and to data portability (article 20).
 */
export interface PersonalDataExport {
  format: 'omnichannel-city/personal-data-export';
  version: 1;
  exportedAt: string;
  city: string;
  requestedBy: RequestedBy;
  /** Their record: who they are, how to reach them, how they want to hear; null when the city has none (only messages or tickets). */
  citizen: {
    id: string;
    firstName: string | null;
    lastName: string | null;
    preferredChannel: string;
    language: string;
    consentUpdates: boolean;
    supportNeeds: boolean;
    createdAt: string;
    contacts: Array<{ kind: string; value: string }>;
  } | null;
  /** Records found to be theirs too and merged into it. */
  mergedRecords: Array<{ id: string; mergedAt: string; reason: string }>;
  /** Their requests, each with its whole timeline, documents and their answer to how we did. */
  cases: Array<{
    reference: string;
    service: string;
    status: string;
    channelOfOrigin: string;
    description: string | null;
    attributes: Record<string, unknown>;
    location: { lat: number | null; long: number | null; address: string | null };
    receivedAt: string;
    /** Each entry; a reply of theirs with their words (`message`). */
    timeline: Array<{
      at: string;
      kind: string;
      actor: string;
      channel: string | null;
      summary: string;
      message?: string;
    }>;
    documents: Array<{
      name: string;
      contentType: string;
      size: number;
      uploadedAt: string;
      contentBase64: string | null;
    }>;
    satisfaction: { score: number; via: string; answeredAt: string } | null;
  }>;
  /**
   * The requests of others they follow (theirs was linked to one already reported): only what any
   * follower sees, since the rest is the other citizen's.
   */
  follows: Array<{ reference: string; service: string; status: string }>;
  /** Every contact with them on every channel (calls, counter visits, messages). */
  interactions: Array<{ at: string; channel: string; direction: string; kind: string; summary: string }>;
  /** Who read their record or their cases, when (the audit of reads). */
  readsOfTheirData: Array<{ at: string; actor: string; action: string; outcome: number }>;
  /** What the other services hold: the messages sent them, their town-hall tickets, what workflows keep. */
  heldElsewhere: HeldElsewhere[];
}

const iso = (d: Date) => d.toISOString();

/**
 * Gathers a citizen's personal data from the record and from every service that holds some, in one
 * export. Their record is the one staff name (or the one that owns the signed-in citizen's verified
 * email, followed to its survivor after a merge); with it go the records merged into it, every case
 * of theirs, and the cases of others they follow (only what any follower sees).
 */
@Injectable()
export class ExportPersonalDataUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly subjects: DataSubjects,
    private readonly cases: CaseRepository,
    private readonly interactions: InteractionRepository,
    private readonly documents: CaseDocumentRepository,
    private readonly store: DocumentStore,
    private readonly audit: AuditTrail,
    private readonly elsewhere: PersonalDataElsewhere,
  ) {}

  async execute(
    city: string,
    who: SubjectOf,
    requestedBy: RequestedBy,
    now = new Date(),
  ): Promise<PersonalDataExport> {
    const mine = await this.tx.snapshot(async () => {
      const known = await this.subjects.of(city, who);
      const all = known.own;
      const ids = all.map((c) => c.id);
      // One after another: in the snapshot they share one connection.
      const timelines = new Map<string, TimelineEntry[]>();
      const documents = new Map<string, CaseDocument[]>();
      for (const id of ids) {
        timelines.set(id, await this.cases.timeline(id));
        documents.set(id, await this.documents.ofCase(id));
      }
      const satisfaction = await this.cases.satisfactionOf(ids);
      const interactions = known.record ? await this.interactions.ofCitizen(known.record.id) : [];
      const reads = await this.audit.readsAbout(
        city,
        known.subject.citizenIds,
        known.subject.caseReferences,
        known.subject.contacts.map((c) => c.value),
      );
      return { ...known, all, timelines, satisfaction, documents, interactions, reads };
    });
    const subject = mine.subject;
    const heldElsewhere = await this.elsewhere.gather(city, subject);
    const contentOf = async (key: string) => {
      const bytes = await this.store.get(key);
      if (!bytes) return null;
      const chunks: Buffer[] = [];
      for await (const chunk of bytes.stream) chunks.push(Buffer.from(chunk as Uint8Array));
      return Buffer.concat(chunks).toString('base64');
    };
    const r = mine.record;
    return {
      format: 'omnichannel-city/personal-data-export',
      version: 1,
      exportedAt: iso(now),
      city,
      requestedBy,
      citizen: r && {
        id: r.id,
        firstName: r.firstName,
        lastName: r.lastName,
        preferredChannel: r.preferredChannel,
        language: r.language,
        consentUpdates: r.consentUpdates,
        supportNeeds: r.supportNeeds,
        createdAt: iso(r.createdAt),
        contacts: r.contactPoints.map((cp) => ({ kind: cp.kind, value: cp.value })),
      },
      mergedRecords: mine.merges.map((m) => ({
        id: m.mergedId,
        mergedAt: iso(m.mergedAt),
        reason: m.reason,
      })),
      cases: await Promise.all(
        mine.all.map(async (c) => {
          const answer = mine.satisfaction.find((s) => s.caseId === c.id);
          return {
            reference: c.reference,
            service: c.serviceCode,
            status: c.status,
            channelOfOrigin: c.channelOfOrigin,
            description: c.description,
            attributes: c.attributes,
            location: { lat: c.lat, long: c.long, address: c.address },
            receivedAt: iso(c.receivedAt),
            timeline: (mine.timelines.get(c.id) ?? []).map((t) => ({
              at: iso(t.at),
              kind: t.kind,
              actor: t.actor,
              channel: t.channel,
              summary: t.summary,
              ...(replyMessageOf(t) !== null ? { message: replyMessageOf(t)! } : {}),
            })),
            documents: await Promise.all(
              (mine.documents.get(c.id) ?? []).map(async (d) => ({
                name: d.name,
                contentType: d.contentType,
                size: d.size,
                uploadedAt: iso(d.uploadedAt),
                contentBase64: await contentOf(d.storageKey),
              })),
            ),
            satisfaction: answer
              ? { score: answer.score, via: answer.via, answeredAt: iso(answer.answeredAt) }
              : null,
          };
        }),
      ),
      follows: mine.followed.map((c) => ({
        reference: c.reference,
        service: c.serviceCode,
        status: c.status,
      })),
      interactions: mine.interactions.map((i) => ({
        at: iso(i.occurredAt),
        channel: i.channel,
        direction: i.direction,
        kind: i.kind,
        summary: i.summary,
      })),
      readsOfTheirData: mine.reads.map((a) => ({
        at: iso(a.at),
        actor: a.actor,
        action: a.action,
        outcome: a.outcome,
      })),
      heldElsewhere,
    };
  }
}
