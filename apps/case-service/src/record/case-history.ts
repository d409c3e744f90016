import { Injectable } from '@nestjs/common';
import { caseChangedV1, createEnvelope, TOPICS, type CaseChangedV1Payload } from '@city/contracts';
import { Outbox } from '@city/platform-database';
import type { CaseRecord } from './case.entity';
import { CaseRepository } from './case.repository';
import type { TimelineKind } from './timeline-entry.entity';

/** What changed on a case, as CaseChanged tells it. */
export type CaseChange =
  | { change: 'status-changed'; from: CaseRecord['status']; to: CaseRecord['status']; reason: string | null }
  | { change: 'note-added'; visibility: 'internal' | 'shared'; text: string }
  | { change: 'linked'; kind: 'duplicate-of' | 'related-to'; toCaseId: string; toReference: string };

export interface ChangeMade {
  actor: string;
  channel: CaseChangedV1Payload['channel'];
  kind: TimelineKind;
  summary: string;
  change: CaseChange;
  /** The event that caused it (a workflow fact), if any: its id and correlation id. */
  cause?: { eventId: string; correlationId: string };
  at?: Date;
}

/**
 * Writes a change to a case down twice, in the caller's transaction: a line on its timeline, and
 * CaseChanged through the outbox for every service that follows cases. Every change to a case, by an
 * agent or by the workflow, goes through here, so none is on one and not the other.
 */
@Injectable()
export class CaseHistory {
  constructor(
    private readonly cases: CaseRepository,
    private readonly outbox: Outbox,
  ) {}

  async record(c: CaseRecord, made: ChangeMade): Promise<void> {
    const at = made.at ?? new Date();
    await this.cases.addToTimeline([
      {
        tenantId: c.tenantId,
        caseId: c.id,
        kind: made.kind,
        actor: made.actor,
        channel: made.channel,
        at,
        summary: made.summary,
        details: { ...(made.cause ? { eventId: made.cause.eventId } : {}), ...made.change },
      },
    ]);
    await this.outbox.enqueue([
      {
        topic: TOPICS.caseEvents,
        key: c.id,
        event: createEnvelope(caseChangedV1, {
          tenantId: c.tenantId,
          correlationId: made.cause?.correlationId ?? c.id,
          ...(made.cause ? { causationId: made.cause.eventId } : {}),
          payload: {
            ...made.change,
            caseId: c.id,
            reference: c.reference,
            version: c.version,
            actor: made.actor,
            channel: made.channel,
            at: at.toISOString(),
          } as CaseChangedV1Payload,
        }),
      },
    ]);
  }
}
