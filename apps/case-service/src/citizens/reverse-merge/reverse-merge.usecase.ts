import { Injectable } from '@nestjs/common';
import {
  citizenMergeReversedV1,
  createEnvelope,
  DomainError,
  TOPICS,
  type ReverseMergeBody,
} from '@city/contracts';
import { Outbox, Transaction } from '@city/platform-database';
import type { CaseSubscription } from '../../record/case-link.entity';
import type { CitizenMerge } from '../../record/citizen-merge.entity';
import { CaseRepository } from '../../record/case.repository';
import { CitizenRepository } from '../../record/citizen.repository';
import { mergeTimelineEntries, nameOf } from '../merge-timeline';

/**
 * An administrator reverses a merge: exactly what moved goes back (and only while it is still on the
 * survivor; what the survivor gained since, stays), the merged record follows again what it followed,
 * and the survivor's blanks are as they were. One transaction, with CitizenMergeReversed.
 */
@Injectable()
export class ReverseMergeUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly citizens: CitizenRepository,
    private readonly cases: CaseRepository,
    private readonly outbox: Outbox,
  ) {}

  async execute(
    tenantId: string,
    mergeId: string,
    admin: string,
    body: ReverseMergeBody,
  ): Promise<CitizenMerge> {
    return this.tx.run(async () => {
      const record = await this.citizens.merge(tenantId, mergeId, true);
      if (!record) throw DomainError.notFound('citizen-merge.not-found', `merge ${mergeId} not found`);
      if (record.reversedAt)
        throw DomainError.conflict(
          'citizen-merge.already-reversed',
          `Merge ${mergeId} was already reversed on ${record.reversedAt.toISOString()} by ${record.reversedBy}.`,
        );
      const parties = await this.citizens.lock([record.survivorId, record.mergedId]);
      const survivor = parties.get(record.survivorId)!;
      const merged = parties.get(record.mergedId)!;
      if (survivor.mergedInto)
        throw DomainError.conflict(
          'citizen-merge.survivor-merged-since',
          `Citizen ${survivor.id} was itself merged into ${survivor.mergedInto} afterwards; reverse that merge first.`,
        );
      const mv = record.moves;
      await this.citizens.moveBack(mv, survivor.id, merged.id);
      // The merged record follows again what it followed; the survivor stops following what it only
      // followed through the merge.
      await this.cases.unsubscribe(
        survivor.id,
        mv.movedSubscriptions.map(([c]) => c),
      );
      await this.cases.subscribe(
        [...mv.movedSubscriptions, ...mv.droppedSubscriptions].map(([caseId, reason]) => ({
          caseId,
          partyId: merged.id,
          reason: reason as CaseSubscription['reason'],
        })),
      );
      Object.assign(survivor, mv.survivorBefore);
      merged.mergedInto = null;
      await this.citizens.save([survivor, merged]);

      const at = new Date();
      record.reversedBy = admin;
      record.reversedAt = at;
      record.reversalReason = body.reason;
      await this.citizens.saveMerge(record);
      await this.cases.addToTimeline(
        mergeTimelineEntries(record, mv.caseIds, at, {
          kind: 'citizen-unmerged',
          actor: admin,
          channel: null,
          summary: `Merge of ${nameOf(merged)} into ${nameOf(survivor)} reversed: ${body.reason}`,
        }),
      );
      await this.outbox.enqueue([
        {
          topic: TOPICS.caseEvents,
          key: survivor.id,
          event: createEnvelope(citizenMergeReversedV1, {
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
        },
      ]);
      return record;
    });
  }
}
