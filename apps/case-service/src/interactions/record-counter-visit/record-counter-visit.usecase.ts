import { Injectable } from '@nestjs/common';
import type { CounterVisitEndedV1 } from '@city/contracts';
import { Inbox, Transaction } from '@city/platform-database';
import { CaseRepository } from '../../record/case.repository';
import { CitizenRepository } from '../../record/citizen.repository';
import { InteractionRepository } from '../../record/interaction.repository';

export const COUNTER_VISIT_CONSUMER = 'case-service.counter-visits';

/**
 * A counter visit that was served becomes a counter-visit interaction on the same record as every
 * other contact: on the case it concerned (and its timeline), and on the citizen, found by the case
 * or by the email or phone left with the ticket. A no-show is not a contact; nothing is recorded.
 */
@Injectable()
export class RecordCounterVisitUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly inbox: Inbox,
    private readonly cases: CaseRepository,
    private readonly citizens: CitizenRepository,
    private readonly interactions: InteractionRepository,
  ) {}

  async execute(e: CounterVisitEndedV1): Promise<'recorded' | 'nothing-to-record' | 'already-handled'> {
    const p = e.payload;
    return this.tx.run(async () => {
      if ((await this.inbox.claim(COUNTER_VISIT_CONSUMER, [e.eventId])).size === 0) return 'already-handled';
      if (p.outcome !== 'served') return 'nothing-to-record';
      const c = p.caseReference ? await this.cases.byReference(e.tenantId, p.caseReference) : null;
      let partyId = c?.partyId ?? null;
      if (!partyId && p.contact) {
        const identities = [
          p.contact.email ? { kind: 'email' as const, value: p.contact.email } : null,
          p.contact.phone ? { kind: 'phone' as const, value: p.contact.phone } : null,
        ].filter((x) => x !== null);
        for (const id of identities) {
          const owner = await this.citizens.ownerOf(e.tenantId, id.kind, id.value);
          if (owner) {
            const party = await this.citizens.byId(e.tenantId, owner);
            partyId = party?.mergedInto ?? owner;
            break;
          }
        }
      }
      if (!c && !partyId) return 'nothing-to-record';
      const summary = `Counter visit ${p.ticket} at ${p.office}${p.counter ? `, counter ${p.counter}` : ''} (waited ${p.waitedMinutes ?? '?'} min)`;
      await this.interactions.add([
        {
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
          },
        },
      ]);
      if (c) {
        await this.cases.addToTimeline([
          {
            tenantId: e.tenantId,
            caseId: c.id,
            kind: 'contact',
            actor: `clerk:${p.clerkId}`,
            channel: 'counter',
            at: new Date(p.endedAt),
            summary,
            details: { ticketId: p.ticketId },
          },
        ]);
      }
      return 'recorded';
    });
  }
}
