import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  citizenMergedV1,
  citizenMergeReversedV1,
  createEnvelope,
  TOPICS,
  type ByActor,
  type MergeCitizensBody,
  type ReverseMergeBody,
} from '@city/contracts';
import { enqueueEvent, insertMany } from '@city/platform-database';
import { ApiError } from '@city/platform-http';
import { CaseRecord } from '../../cases/case.entity';
import { Interaction } from '../../interactions/interaction.entity';
import { CaseSubscription } from '../../links/case-link.entity';
import { TimelineEntry } from '../../timeline/timeline-entry.entity';
import { CitizenMerge, type MergeMoves } from '../citizen-merge.entity';
import { ContactPoint } from '../contact-point.entity';
import { Party } from '../party.entity';

const nameOf = (p: Party) => [p.firstName, p.lastName].filter(Boolean).join(' ') || 'an unnamed citizen';

/**
 * Merging two records of one citizen, and undoing it. A merge moves everything of the merged record
 * (cases, interactions, contact points, subscriptions) to the survivor, fills the survivor's blanks
 * from it, points the merged record at the survivor (so nothing that still names it is lost), and
 * writes down exactly what moved. An administrator's reversal moves exactly that back. Each is one
 * transaction with a timeline entry on every case concerned and an event through the outbox.
 */
@Injectable()
export class MergeCitizensUseCase {
  constructor(private readonly dataSource: DataSource) {}

  /** An entry on the timeline of every case a merge (or its reversal) concerned. */
  private onTimelines(
    m: EntityManager,
    record: CitizenMerge,
    caseIds: string[],
    at: Date,
    entry: Pick<TimelineEntry, 'kind' | 'actor' | 'channel' | 'summary'>,
  ): Promise<void> {
    return insertMany(
      m,
      TimelineEntry,
      caseIds.map((caseId) => ({
        ...entry,
        tenantId: record.tenantId,
        caseId,
        at,
        details: { mergeId: record.id, survivorId: record.survivorId, mergedId: record.mergedId },
      })),
    );
  }

  /** Both records locked, in id order (two merges of the same pair cannot deadlock). */
  private async lockPair(m: EntityManager, a: string, b: string): Promise<Map<string, Party>> {
    const parties = await m
      .getRepository(Party)
      .createQueryBuilder('p')
      .where('p.id IN (:...ids)', { ids: [a, b] })
      .orderBy('p.id')
      .setLock('pessimistic_write')
      .getMany();
    return new Map(parties.map((p) => [p.id, p]));
  }

  merge(tenantId: string, survivorId: string, body: ByActor<MergeCitizensBody>): Promise<CitizenMerge> {
    if (survivorId === body.mergeCitizenId) {
      return Promise.reject(
        new ApiError(400, 'A citizen cannot be merged into itself.', [
          { field: 'mergeCitizenId', reason: 'the same record as the survivor' },
        ]),
      );
    }
    return this.dataSource.transaction(async (m) => {
      const parties = await this.lockPair(m, survivorId, body.mergeCitizenId);
      const survivor = parties.get(survivorId);
      const merged = parties.get(body.mergeCitizenId);
      if (!survivor || survivor.tenantId !== tenantId)
        throw new ApiError(404, `citizen ${survivorId} not found`);
      if (!merged || merged.tenantId !== tenantId)
        throw new ApiError(404, `citizen ${body.mergeCitizenId} not found`, [
          { field: 'mergeCitizenId', reason: 'no such citizen' },
        ]);
      if (survivor.mergedInto)
        throw new ApiError(
          409,
          `Citizen ${survivorId} was merged into ${survivor.mergedInto}; merge into that record instead.`,
        );
      if (merged.mergedInto)
        throw new ApiError(409, `Citizen ${merged.id} was already merged into ${merged.mergedInto}.`, [
          { field: 'mergeCitizenId', reason: 'already merged' },
        ]);

      const moved = async <T extends { id: string }>(
        entity: typeof CaseRecord | typeof Interaction | typeof ContactPoint,
      ): Promise<string[]> => {
        const r = await m
          .createQueryBuilder()
          .update(entity)
          .set({ partyId: survivor.id })
          .where('party_id = :from', { from: merged.id })
          .returning(['id'])
          .execute();
        return (r.raw as T[]).map((x) => x.id);
      };
      const caseIds = await moved(CaseRecord);
      const interactionIds = await moved(Interaction);
      const contactPointIds = await moved(ContactPoint);

      // Subscriptions: the survivor follows every case either record followed, once.
      const subs = m.getRepository(CaseSubscription);
      const theirs = await subs.findBy({ partyId: merged.id });
      const ours = new Set(
        (await subs.findBy({ partyId: survivor.id, caseId: In(theirs.map((s) => s.caseId)) })).map(
          (s) => s.caseId,
        ),
      );
      const droppedSubscriptions: Array<[string, string]> = theirs
        .filter((s) => ours.has(s.caseId))
        .map((s) => [s.caseId, s.reason]);
      const movedSubscriptions: Array<[string, string]> = theirs
        .filter((s) => !ours.has(s.caseId))
        .map((s) => [s.caseId, s.reason]);
      if (theirs.length > 0) {
        await subs.delete({ partyId: merged.id });
        await insertMany(
          m,
          CaseSubscription,
          theirs
            .filter((s) => !ours.has(s.caseId))
            .map((s) => ({ caseId: s.caseId, partyId: survivor.id, reason: s.reason })),
        );
      }

      const survivorBefore = {
        firstName: survivor.firstName,
        lastName: survivor.lastName,
        supportNeeds: survivor.supportNeeds,
      };
      survivor.firstName ??= merged.firstName;
      survivor.lastName ??= merged.lastName;
      // A support need known on either record is kept: routing must not forget it.
      survivor.supportNeeds = survivor.supportNeeds || merged.supportNeeds;
      merged.mergedInto = survivor.id;
      await m.getRepository(Party).save([survivor, merged]);

      const at = new Date();
      const moves: MergeMoves = {
        caseIds,
        interactionIds,
        contactPointIds,
        movedSubscriptions,
        droppedSubscriptions,
        survivorBefore,
      };
      const record = await m.getRepository(CitizenMerge).save(
        m.getRepository(CitizenMerge).create({
          tenantId: survivor.tenantId,
          survivorId: survivor.id,
          mergedId: merged.id,
          mergedBy: body.actor,
          channel: body.channel ?? null,
          reason: body.reason,
          mergedAt: at,
          moves,
          reversedBy: null,
          reversedAt: null,
          reversalReason: null,
        }),
      );
      await this.onTimelines(m, record, caseIds, at, {
        kind: 'citizen-merged',
        actor: body.actor,
        channel: body.channel ?? null,
        summary: `Citizen record of ${nameOf(merged)} merged into ${nameOf(survivor)}: ${body.reason}`,
      });
      await enqueueEvent(
        m,
        TOPICS.caseEvents,
        survivor.id,
        createEnvelope(citizenMergedV1, {
          tenantId: survivor.tenantId,
          correlationId: record.id,
          payload: {
            mergeId: record.id,
            survivorId: survivor.id,
            mergedId: merged.id,
            caseIds,
            actor: body.actor,
            channel: body.channel ?? null,
            reason: body.reason,
            at: at.toISOString(),
          },
        }),
      );
      return record;
    });
  }

  reverse(tenantId: string, mergeId: string, admin: string, body: ReverseMergeBody): Promise<CitizenMerge> {
    return this.dataSource.transaction(async (m) => {
      const record = await m
        .getRepository(CitizenMerge)
        .createQueryBuilder('g')
        .where('g.id = :mergeId AND g.tenant_id = :tenantId', { mergeId, tenantId })
        .setLock('pessimistic_write')
        .getOne();
      if (!record) throw new ApiError(404, `merge ${mergeId} not found`);
      if (record.reversedAt)
        throw new ApiError(
          409,
          `Merge ${mergeId} was already reversed on ${record.reversedAt.toISOString()} by ${record.reversedBy}.`,
        );
      const parties = await this.lockPair(m, record.survivorId, record.mergedId);
      const survivor = parties.get(record.survivorId)!;
      const merged = parties.get(record.mergedId)!;
      if (survivor.mergedInto) {
        throw new ApiError(
          409,
          `Citizen ${survivor.id} was itself merged into ${survivor.mergedInto} afterwards; reverse that merge first.`,
        );
      }
      const mv = record.moves;
      // Exactly what moved goes back (and only while it is still on the survivor); what the survivor
      // gained since, stays.
      const back = async (
        entity: typeof CaseRecord | typeof Interaction | typeof ContactPoint,
        ids: string[],
      ) => {
        if (ids.length === 0) return;
        await m
          .createQueryBuilder()
          .update(entity)
          .set({ partyId: merged.id })
          .where('id IN (:...ids) AND party_id = :survivor', { ids, survivor: survivor.id })
          .execute();
      };
      await back(CaseRecord, mv.caseIds);
      await back(Interaction, mv.interactionIds);
      await back(ContactPoint, mv.contactPointIds);
      // The merged record follows again what it followed; the survivor stops following what it only
      // followed through the merge.
      const subs = m.getRepository(CaseSubscription);
      if (mv.movedSubscriptions.length > 0)
        await subs.delete({ partyId: survivor.id, caseId: In(mv.movedSubscriptions.map(([c]) => c)) });
      await insertMany(
        m,
        CaseSubscription,
        [...mv.movedSubscriptions, ...mv.droppedSubscriptions].map(([caseId, reason]) => ({
          caseId,
          partyId: merged.id,
          reason: reason as CaseSubscription['reason'],
        })),
        { ignoreConflicts: true },
      );

      Object.assign(survivor, mv.survivorBefore);
      merged.mergedInto = null;
      await m.getRepository(Party).save([survivor, merged]);

      const at = new Date();
      record.reversedBy = admin;
      record.reversedAt = at;
      record.reversalReason = body.reason;
      await m.getRepository(CitizenMerge).save(record);
      await this.onTimelines(m, record, mv.caseIds, at, {
        kind: 'citizen-unmerged',
        actor: admin,
        channel: null,
        summary: `Merge of ${nameOf(merged)} into ${nameOf(survivor)} reversed: ${body.reason}`,
      });
      await enqueueEvent(
        m,
        TOPICS.caseEvents,
        survivor.id,
        createEnvelope(citizenMergeReversedV1, {
          tenantId: record.tenantId,
          correlationId: record.id,
          payload: {
            mergeId: record.id,
            survivorId: survivor.id,
            mergedId: merged.id,
            caseIds: mv.caseIds,
            actor: admin,
            reason: body.reason,
            at: at.toISOString(),
          },
        }),
      );
      return record;
    });
  }
}
