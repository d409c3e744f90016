import type { PerCity } from '@city/platform-config';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import { eventIdFromKey } from '@city/domain-intake';
import { notificationFor, type NotificationTrigger } from '@city/domain-notifications';
import { Inbox, Transaction } from '@city/platform-database';
import { Notification } from '../../message-store/notification.entity';
import { NotificationRepository } from '../../message-store/notification.repository';
import type { TemplateBook } from '../../templates/template-book';
import { TEMPLATE_BOOK } from '../../templates/templates.tokens';

export const TRIGGERS_CONSUMER = 'notification-service.triggers';

/** The name-based id of the message a fact asks for: one fact, one template, one message. */
export const notificationId = (tenantId: string, eventId: string, template: string) =>
  eventIdFromKey(tenantId, `notification\u0000${eventId}\u0000${template}`);

/**
 * Facts in, messages owed out: a partition's fetched facts in one transaction that claims them
 * (the inbox) and writes the notifications they call for. Sending happens after the commit, on
 * BullMQ; a fact handled twice owes nothing twice, and a message owed once per case (the
 * satisfaction question) is owed once however many facts ask for it.
 */
@Injectable()
export class RequestNotificationsUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly inbox: Inbox,
    private readonly notifications: NotificationRepository,
    @Inject(TEMPLATE_BOOK) private readonly books: PerCity<TemplateBook>,
  ) {}

  /**
   * Refuses (invalid, `notification.unknown-template`: dead-lettered) a fact naming a template the
   * city does not have; replay it once the template exists.
   */
  async execute(events: NotificationTrigger[]): Promise<Notification[]> {
    const wanted = events.map((e) => ({ e, req: notificationFor(e) }));
    for (const { e, req } of wanted) {
      if (req && !this.books(e.tenantId).has(req.template))
        throw DomainError.invalid(
          'notification.unknown-template',
          `${e.type} ${e.eventId} asks for template "${req.template}", which is not in ${e.tenantId}'s template book`,
        );
    }
    return this.tx.run(async () => {
      const fresh = await this.inbox.claim(
        TRIGGERS_CONSUMER,
        events.map((e) => e.eventId),
      );
      const rows: Notification[] = [];
      for (const { e, req } of wanted) {
        if (!req || !fresh.has(e.eventId)) continue;
        fresh.delete(e.eventId); // the same event twice in one batch owes one message
        // A message owed once per case is named by the case: a later fact asking again owes nothing.
        const id = req.oncePerCase
          ? notificationId(e.tenantId, `case\u0000${e.payload.caseId}`, req.template)
          : notificationId(e.tenantId, e.eventId, req.template);
        if (rows.some((r) => r.id === id)) continue;
        rows.push(
          Object.assign(new Notification(), {
            id,
            tenantId: e.tenantId,
            caseId: e.payload.caseId,
            reference: e.payload.reference,
            template: req.template,
            facts: req.facts,
            causeEventId: e.eventId,
            correlationId: e.correlationId,
            state: 'pending' as const,
            attempts: 0,
            lastError: null,
            leaseUntil: null,
            requestedAt: new Date(e.occurredAt),
            completedAt: null,
          }),
        );
      }
      await this.notifications.addNew(rows);
      return rows;
    });
  }
}
