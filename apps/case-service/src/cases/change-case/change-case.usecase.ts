import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@city/platform-config';
import type { CaseConfig } from '../../config';
import { DataSource, type EntityManager } from 'typeorm';
import {
  caseChangedV1,
  createEnvelope,
  TOPICS,
  type AddNoteBody,
  type ByActor,
  type CaseChangedV1Payload,
  type ChangeStatusBody,
  type LinkCaseBody,
} from '@city/contracts';
import { checkTransition } from '@city/domain-cases';
import { normalizeReference } from '@city/domain-intake';
import { enqueueEvent } from '@city/platform-database';
import { ApiError } from '@city/platform-http';
import { CaseLink, CaseSubscription } from '../../links/case-link.entity';
import { TimelineEntry, type TimelineKind } from '../../timeline/timeline-entry.entity';
import { CaseRecord } from '../case.entity';

const conflict = (c: CaseRecord) =>
  new ApiError(
    409,
    `The case changed since you loaded it (now version ${c.version}); reload it and try again.`,
    [{ field: 'expectedVersion', reason: `the case is at version ${c.version}` }],
  );

type ChangeDetails =
  | { change: 'status-changed'; from: CaseRecord['status']; to: CaseRecord['status']; reason: string | null }
  | { change: 'note-added'; visibility: 'internal' | 'shared'; text: string }
  | { change: 'linked'; kind: 'duplicate-of' | 'related-to'; toCaseId: string; toReference: string };

/**
 * What agents and clerks do to a case: change its status with a reason, add a note, link it. Each
 * change checks the version the agent saw, lands on the timeline and goes out as CaseChanged, all
 * in one transaction.
 */
@Injectable()
export class ChangeCaseUseCase {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: CaseConfig,
  ) {}

  private async locked(m: EntityManager, rawReference: string): Promise<CaseRecord> {
    const reference = normalizeReference(rawReference);
    if (!reference)
      throw new ApiError(400, 'Not a reference.', [{ field: 'reference', reason: 'not a valid reference' }]);
    const c = await m
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .where('c.tenant_id = :tenant AND c.reference = :reference', {
        tenant: this.config.TENANT_ID,
        reference,
      })
      .setLock('pessimistic_write')
      .getOne();
    if (!c) throw new ApiError(404, `No case ${reference}.`);
    return c;
  }

  private async record(
    m: EntityManager,
    c: CaseRecord,
    actor: string,
    channel: CaseChangedV1Payload['channel'],
    kind: TimelineKind,
    summary: string,
    details: ChangeDetails,
  ): Promise<void> {
    const at = new Date();
    await m.getRepository(TimelineEntry).insert({
      tenantId: c.tenantId,
      caseId: c.id,
      kind,
      actor,
      channel,
      at,
      summary,
      details: details as never,
    });
    await enqueueEvent(
      m,
      TOPICS.caseEvents,
      c.id,
      createEnvelope(caseChangedV1, {
        tenantId: c.tenantId,
        correlationId: c.id,
        payload: {
          ...details,
          caseId: c.id,
          reference: c.reference,
          version: c.version,
          actor,
          channel,
          at: at.toISOString(),
        } as CaseChangedV1Payload,
      }),
    );
  }

  changeStatus(reference: string, body: ByActor<ChangeStatusBody>): Promise<CaseRecord> {
    return this.dataSource.transaction(async (m) => {
      const c = await this.locked(m, reference);
      if (c.version !== body.expectedVersion) throw conflict(c);
      if (body.status === 'duplicate') {
        throw new ApiError(400, 'Mark a duplicate by linking it to the case it duplicates.', [
          { field: 'status', reason: 'use POST links with kind duplicate-of' },
        ]);
      }
      const check = checkTransition(c.status, body.status, body.reason);
      if (!check.ok)
        throw new ApiError(400, 'That change is not allowed.', [
          { field: check.field, reason: check.reason },
        ]);
      const from = c.status;
      c.status = body.status;
      await m.getRepository(CaseRecord).save(c);
      await this.record(
        m,
        c,
        body.actor,
        body.channel ?? null,
        'status-changed',
        `${from} → ${body.status}${body.reason ? `: ${body.reason}` : ''}`,
        {
          change: 'status-changed',
          from,
          to: body.status,
          reason: body.reason ?? null,
        },
      );
      return c;
    });
  }

  addNote(reference: string, body: ByActor<AddNoteBody>): Promise<CaseRecord> {
    return this.dataSource.transaction(async (m) => {
      const c = await this.locked(m, reference);
      if (body.expectedVersion !== undefined && c.version !== body.expectedVersion) throw conflict(c);
      // A note does not change the case itself; its version still moves, so concurrent edits are seen.
      c.updatedAt = new Date();
      await m.getRepository(CaseRecord).save(c);
      await this.record(
        m,
        c,
        body.actor,
        body.channel ?? null,
        'note-added',
        body.visibility === 'shared' ? body.text : `Internal note: ${body.text}`,
        {
          change: 'note-added',
          visibility: body.visibility,
          text: body.text,
        },
      );
      return c;
    });
  }

  link(reference: string, body: ByActor<LinkCaseBody>): Promise<CaseRecord> {
    return this.dataSource.transaction(async (m) => {
      const c = await this.locked(m, reference);
      if (c.version !== body.expectedVersion) throw conflict(c);
      const toReference = normalizeReference(body.toReference);
      if (!toReference)
        throw new ApiError(400, 'Not a reference.', [
          { field: 'toReference', reason: 'not a valid reference' },
        ]);
      if (toReference === c.reference)
        throw new ApiError(400, 'A case cannot be linked to itself.', [
          { field: 'toReference', reason: 'the same case' },
        ]);
      const target = await m
        .getRepository(CaseRecord)
        .findOneBy({ tenantId: this.config.TENANT_ID, reference: toReference });
      if (!target)
        throw new ApiError(404, `No case ${toReference}.`, [
          { field: 'toReference', reason: 'no such case' },
        ]);
      const exists = await m.getRepository(CaseLink).findOneBy({ fromCaseId: c.id, toCaseId: target.id });
      if (exists)
        throw new ApiError(409, 'These cases are already linked.', [
          { field: 'toReference', reason: `already ${exists.kind} ${toReference}` },
        ]);
      if (body.kind === 'duplicate-of') {
        const reason = body.reason ?? `Same problem as ${toReference}`;
        const check = checkTransition(c.status, 'duplicate', reason);
        if (!check.ok)
          throw new ApiError(400, 'This case cannot be marked a duplicate.', [
            { field: check.field, reason: check.reason },
          ]);
        const from = c.status;
        c.status = 'duplicate';
        c.duplicateOf = target.id;
        await m.getRepository(CaseRecord).save(c);
        if (c.partyId) {
          // The citizen now follows the case their report duplicates.
          await m
            .createQueryBuilder()
            .insert()
            .into(CaseSubscription)
            .values({ caseId: target.id, partyId: c.partyId, reason: 'duplicate-reporter' })
            .orIgnore()
            .execute();
        }
        await this.record(
          m,
          c,
          body.actor,
          body.channel ?? null,
          'status-changed',
          `${from} → duplicate of ${toReference}`,
          { change: 'status-changed', from, to: 'duplicate', reason },
        );
      } else {
        c.updatedAt = new Date();
        await m.getRepository(CaseRecord).save(c);
      }
      await m
        .getRepository(CaseLink)
        .insert({ fromCaseId: c.id, toCaseId: target.id, kind: body.kind, createdBy: body.actor });
      await this.record(
        m,
        c,
        body.actor,
        body.channel ?? null,
        'linked',
        `${body.kind === 'duplicate-of' ? 'Duplicate of' : 'Related to'} ${toReference}`,
        {
          change: 'linked',
          kind: body.kind,
          toCaseId: target.id,
          toReference,
        },
      );
      return c;
    });
  }
}
