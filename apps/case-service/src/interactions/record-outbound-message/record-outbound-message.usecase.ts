import { Injectable } from '@nestjs/common';
import type { NotificationFactV1 } from '@city/contracts';
import { Inbox, Transaction } from '@city/platform-database';
import { CaseRepository, type NewTimelineEntry } from '../../record/case.repository';
import { InteractionRepository, type NewInteraction } from '../../record/interaction.repository';

export const NOTIFICATION_FACTS_CONSUMER = 'case-service.notifications';

const MEDIUM_WORDS = { email: 'Email', sms: 'Text message', portal: 'Portal message' } as const;
const REASON_WORDS = {
  'opted-out': 'the citizen opted out of updates',
  undeliverable: 'it could not be delivered',
} as const;

type Outcome = 'recorded' | 'no-such-case' | 'already-handled';

/**
 * A message the city sent a citizen becomes an outbound interaction on their record and the case,
 * with a line on the case timeline; a message not sent (opted out, undeliverable) is a timeline line
 * only, so the agent who opens the case knows the citizen was not told. What a partition fetched is
 * recorded together, in one transaction of five statements whatever its size.
 */
@Injectable()
export class RecordOutboundMessageUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly inbox: Inbox,
    private readonly cases: CaseRepository,
    private readonly interactions: InteractionRepository,
  ) {}

  async execute(e: NotificationFactV1): Promise<Outcome> {
    return (await this.executeAll([e]))[0];
  }

  /** Each fact's outcome, in order. */
  async executeAll(events: NotificationFactV1[]): Promise<Outcome[]> {
    return this.tx.run(async () => {
      const claimed = await this.inbox.claim(NOTIFICATION_FACTS_CONSUMER, [
        ...new Set(events.map((e) => e.eventId)),
      ]);
      const cases = new Map(
        (await this.cases.byIds([...new Set(events.map((e) => e.payload.caseId))])).map((c) => [c.id, c]),
      );
      const interactions: NewInteraction[] = [];
      const lines: NewTimelineEntry[] = [];
      const outcomes = events.map((e): Outcome => {
        // A fact once, even when the batch carries it twice.
        if (!claimed.delete(e.eventId)) return 'already-handled';
        const c = cases.get(e.payload.caseId);
        if (!c || c.tenantId !== e.tenantId) return 'no-such-case';
        const at = new Date(e.payload.at);
        if (e.type === 'CitizenNotified') {
          const q = e.payload;
          const summary = `${MEDIUM_WORDS[q.medium]} sent${q.address ? ` to ${q.address}` : ''}: ${q.subject}`;
          interactions.push({
            tenantId: e.tenantId,
            partyId: q.citizenId,
            channel: q.medium,
            direction: 'outbound',
            kind: 'outbound-message',
            handledBy: 'notification-service',
            handlerKind: null,
            occurredAt: at,
            summary,
            caseIds: [c.id],
            details: {
              template: q.template,
              language: q.language,
              address: q.address,
              subject: q.subject,
              text: q.text,
              deliveryId: q.deliveryId,
              providerMessageId: q.providerMessageId,
              attempts: q.attempts,
            },
          });
          lines.push({
            tenantId: e.tenantId,
            caseId: c.id,
            kind: 'message-sent',
            actor: 'notification-service',
            channel: q.medium,
            at,
            summary,
            details: { template: q.template, citizenId: q.citizenId, deliveryId: q.deliveryId },
          });
        } else {
          const q = e.payload;
          const summary = `${MEDIUM_WORDS[q.medium]} "${q.template}" not sent: ${REASON_WORDS[q.reason]}${q.detail ? ` (${q.detail})` : ''}`;
          lines.push({
            tenantId: e.tenantId,
            caseId: c.id,
            kind: 'message-not-sent',
            actor: 'notification-service',
            channel: q.medium,
            at,
            summary,
            details: { template: q.template, citizenId: q.citizenId, reason: q.reason },
          });
        }
        return 'recorded';
      });
      // A message that was on its way when its case was anonymised (its citizen erased, or the
      // retention run): recorded that it went, without its address or words.
      const anonymised = (caseIds: string[]) => caseIds.some((id) => cases.get(id)?.anonymisedAt);
      for (const i of interactions)
        if (anonymised(i.caseIds)) Object.assign(i, { summary: `Erased (${i.kind})`, details: {} });
      for (const l of lines)
        if (anonymised([l.caseId])) Object.assign(l, { summary: `Erased (${l.kind})`, details: {} });
      if (interactions.length > 0) await this.interactions.add(interactions);
      if (lines.length > 0) await this.cases.addToTimeline(lines);
      return outcomes;
    });
  }
}
