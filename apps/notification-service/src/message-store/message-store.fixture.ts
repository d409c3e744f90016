import { randomUUID } from 'node:crypto';
import { Delivery } from './delivery.entity';
import { Notification } from './notification.entity';

/** For unit tests: a message sent (or not) about case AB12-CD34-EFG, as the message store keeps it. */
export const aDelivery = (over: Partial<Delivery> = {}): Delivery =>
  Object.assign(new Delivery(), {
    id: randomUUID(),
    tenantId: 'default',
    notificationId: randomUUID(),
    caseId: randomUUID(),
    reference: 'AB12-CD34-EFG',
    citizenId: randomUUID(),
    medium: 'portal',
    address: null,
    template: 'case-update',
    language: 'en',
    subject: 'News',
    text: 'The crew comes on Tuesday',
    outcome: 'sent',
    detail: null,
    providerMessageId: null,
    attempts: 1,
    at: new Date('2026-03-02T09:00:00Z'),
    ...over,
  });

/** For unit tests: a message owed about case AB12-CD34-EFG, not yet sent. */
export const anOwedNotification = (over: Partial<Notification> = {}): Notification =>
  Object.assign(new Notification(), {
    id: randomUUID(),
    tenantId: 'default',
    caseId: randomUUID(),
    reference: 'AB12-CD34-EFG',
    template: 'case-update',
    facts: { note: 'The crew comes on Tuesday' },
    causeEventId: randomUUID(),
    correlationId: 'correlation-1',
    state: 'pending',
    attempts: 0,
    lastError: null,
    leaseUntil: null,
    requestedAt: new Date('2026-03-02T08:00:00Z'),
    completedAt: null,
    ...over,
  });
