import { Injectable } from '@nestjs/common';
import {
  citizenMergedV1,
  createEnvelope,
  DomainError,
  TOPICS,
  type ByActor,
  type MergeCitizensBody,
} from '@city/contracts';
import { Outbox, Transaction } from '@city/platform-database';
import type { CitizenMerge, MergeMoves } from '../../record/citizen-merge.entity';
import { CaseRepository } from '../../record/case.repository';
import { CitizenRepository } from '../../record/citizen.repository';
import { mergeTimelineEntries, nameOf } from '../merge-timeline';

/**
 * Merging two records of one citizen. Everything of the merged record (cases, interactions, contact
 * points, subscriptions) moves to the survivor, which fills its blanks from it; the merged record
 * points at the survivor (so nothing that still names it is lost), and exactly what moved is written
 * down, so an administrator can reverse it. One transaction, with a line on every case concerned and
 * CitizenMerged through the outbox.
 */
@Injectable()
export class MergeCitizensUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly citizens: CitizenRepository,
    private readonly cases: CaseRepository,
    private readonly outbox: Outbox,
  ) {}

  async execute(
    tenantId: string,
    survivorId: string,
    body: ByActor<MergeCitizensBody>,
  ): Promise<CitizenMerge> {
    if (survivorId === body.mergeCitizenId)
      throw DomainError.invalid('citizen.merge-into-itself', 'A citizen cannot be merged into itself.', [
        { field: 'mergeCitizenId', reason: 'the same record as the survivor' },
      ]);
    return this.tx.run(async () => {
      const parties = await this.citizens.lock([survivorId, body.mergeCitizenId]);
      const survivor = parties.get(survivorId);
      const merged = parties.get(body.mergeCitizenId);
      if (!survivor || survivor.tenantId !== tenantId)
        throw DomainError.notFound('citizen.not-found', `citizen ${survivorId} not found`);
      if (!merged || merged.tenantId !== tenantId)
        throw DomainError.notFound('citizen.not-found', `citizen ${body.mergeCitizenId} not found`, [
          { field: 'mergeCitizenId', reason: 'no such citizen' },
        ]);
      if (survivor.mergedInto)
        throw DomainError.conflict(
          'citizen.survivor-merged',
          `Citizen ${survivorId} was merged into ${survivor.mergedInto}; merge into that record instead.`,
        );
      if (merged.mergedInto)
        throw DomainError.conflict(
          'citizen.already-merged',
          `Citizen ${merged.id} was already merged into ${merged.mergedInto}.`,
          [{ field: 'mergeCitizenId', reason: 'already merged' }],
        );
      // A restricted record (article 18) is kept as it is: not merged, either way, until it is lifted.
      if ((await this.citizens.restrictionsOf(tenantId, [survivor.id, merged.id])).length > 0)
        throw DomainError.conflict(
          'citizen.restricted',
          'One of these records is restricted (GDPR article 18): it is kept as it is until the restriction is lifted.',
        );

      const moved = await this.citizens.moveRecords(merged.id, survivor.id);
      // Subscriptions: the survivor follows every case either record followed, once.
      const theirs = await this.cases.subscriptionsOfCitizen(merged.id);
      const ours = new Set((await this.cases.subscriptionsOfCitizen(survivor.id)).map((s) => s.caseId));
      const droppedSubscriptions: Array<[string, string]> = theirs
        .filter((s) => ours.has(s.caseId))
        .map((s) => [s.caseId, s.reason]);
      const movedSubscriptions: Array<[string, string]> = theirs
        .filter((s) => !ours.has(s.caseId))
        .map((s) => [s.caseId, s.reason]);
      if (theirs.length > 0) {
        await this.cases.unsubscribe(merged.id);
        await this.cases.subscribe(
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
      await this.citizens.save([survivor, merged]);

      const at = new Date();
      const moves: MergeMoves = { ...moved, movedSubscriptions, droppedSubscriptions, survivorBefore };
      const record = await this.citizens.addMerge({
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
      });
      await this.cases.addToTimeline(
        mergeTimelineEntries(record, moved.caseIds, at, {
          kind: 'citizen-merged',
          actor: body.actor,
          channel: body.channel ?? null,
          summary: `Citizen record of ${nameOf(merged)} merged into ${nameOf(survivor)}: ${body.reason}`,
        }),
      );
      await this.outbox.enqueue([
        {
          topic: TOPICS.caseEvents,
          key: survivor.id,
          event: createEnvelope(citizenMergedV1, {
            tenantId: survivor.tenantId,
            correlationId: record.id,
            payload: {
              mergeId: record.id,
              survivorId: survivor.id,
              mergedId: merged.id,
              caseIds: moved.caseIds,
              actor: body.actor,
              channel: body.channel ?? null,
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
