import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CounterVisitEndedV1 } from '@city/contracts';
import { claimEvent } from '@city/platform-database';
import { CaseRecord } from '../../cases/case.entity';
import { ContactPoint } from '../../citizens/contact-point.entity';
import { Party } from '../../citizens/party.entity';
import { TimelineEntry } from '../../timeline/timeline-entry.entity';
import { Interaction } from '../interaction.entity';

export const COUNTER_VISIT_CONSUMER = 'case-service.counter-visits';

/**
 * A counter visit that was served becomes a counter-visit interaction on the same record as every
 * other contact: on the case it concerned (and its timeline), and on the citizen, found by the case
 * or by the email or phone left with the ticket. A no-show is not a contact; nothing is recorded.
 */
@Injectable()
export class RecordCounterVisitUseCase {
  constructor(private readonly dataSource: DataSource) {}

  execute(e: CounterVisitEndedV1): Promise<'recorded' | 'nothing-to-record' | 'already-handled'> {
    const p = e.payload;
    return this.dataSource.transaction(async (m) => {
      if (!(await claimEvent(m, COUNTER_VISIT_CONSUMER, e.eventId))) return 'already-handled';
      if (p.outcome !== 'served') return 'nothing-to-record';
      const c = p.caseReference
        ? await m.getRepository(CaseRecord).findOneBy({ tenantId: e.tenantId, reference: p.caseReference })
        : null;
      let partyId = c?.partyId ?? null;
      if (!partyId && p.contact) {
        const identities = [
          p.contact.email ? { kind: 'email' as const, value: p.contact.email } : null,
          p.contact.phone ? { kind: 'phone' as const, value: p.contact.phone } : null,
        ].filter((x) => x !== null);
        for (const id of identities) {
          const cp = await m
            .getRepository(ContactPoint)
            .findOneBy({ tenantId: e.tenantId, kind: id.kind, value: id.value, heldApart: false });
          if (cp) {
            const party = await m.getRepository(Party).findOneBy({ id: cp.partyId });
            partyId = party?.mergedInto ?? cp.partyId;
            break;
          }
        }
      }
      if (!c && !partyId) return 'nothing-to-record';
      const summary = `Counter visit ${p.ticket} at ${p.office}${p.counter ? `, counter ${p.counter}` : ''} (waited ${p.waitedMinutes ?? '?'} min)`;
      await m.getRepository(Interaction).insert({
        tenantId: e.tenantId,
        partyId,
        channel: 'counter',
        direction: 'inbound',
        kind: 'counter-visit',
        handledBy: p.clerkId,
        handlerKind: 'clerk',
        occurredAt: new Date(p.calledAt ?? p.endedAt),
        summary,
        caseIds: c ? [c.id] : [],
        details: {
          ticketId: p.ticketId,
          ticket: p.ticket,
          queue: p.queue,
          serviceCode: p.serviceCode,
          endedAt: p.endedAt,
        } as never,
      });
      if (c) {
        await m.getRepository(TimelineEntry).insert({
          tenantId: e.tenantId,
          caseId: c.id,
          kind: 'contact',
          actor: `clerk:${p.clerkId}`,
          channel: 'counter',
          at: new Date(p.endedAt),
          summary,
          details: { ticketId: p.ticketId } as never,
        });
      }
      return 'recorded';
    });
  }
}
