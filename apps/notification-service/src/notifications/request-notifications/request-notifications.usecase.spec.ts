import { randomUUID } from 'node:crypto';
import {
  caseChangedV1,
  citizenNotificationRequestedV1,
  createEnvelope,
  isDomainError,
  type CaseChangedV1,
  type CitizenNotificationRequestedV1,
} from '@city/contracts';
import { FakeInbox, FakeTransaction } from '@city/platform-testing/fakes';
import { InMemoryNotificationRepository } from '../../message-store/in-memory-notification.repository';
import { smallTemplateBook } from '../../templates/template-book.fixture';
import {
  notificationId,
  RequestNotificationsUseCase,
  TRIGGERS_CONSUMER,
} from './request-notifications.usecase';

const CASE_ID = '5b0f3c1e-8a2d-4c6f-9e1b-2d3c4b5a6f70';
const REFERENCE = 'AB12-CD34-EFG';

/** A workflow step telling the citizen something with a template. */
const told = (template: string): CitizenNotificationRequestedV1 =>
  createEnvelope(citizenNotificationRequestedV1, {
    tenantId: 'default',
    correlationId: randomUUID(),
    occurredAt: new Date('2026-03-02T09:00:00Z'),
    payload: {
      caseId: CASE_ID,
      reference: REFERENCE,
      at: '2026-03-02T09:00:00Z',
      template,
      workflow: 'field-report',
      step: 'tell',
    },
  });

/** An agent's note on the case, shared with the citizen or not. */
const noted = (visibility: 'shared' | 'internal'): CaseChangedV1 =>
  createEnvelope(caseChangedV1, {
    tenantId: 'default',
    correlationId: randomUUID(),
    payload: {
      change: 'note-added',
      caseId: CASE_ID,
      reference: REFERENCE,
      version: 2,
      actor: 'agent:agent-17',
      channel: 'phone',
      at: '2026-03-02T09:00:00Z',
      visibility,
      text: 'The crew comes on Tuesday',
    },
  });

describe('RequestNotificationsUseCase: facts in, messages owed out', () => {
  let tx: FakeTransaction;
  let inbox: FakeInbox;
  let notifications: InMemoryNotificationRepository;
  let request: RequestNotificationsUseCase;

  beforeEach(() => {
    tx = new FakeTransaction();
    inbox = new FakeInbox();
    notifications = new InMemoryNotificationRepository();
    request = new RequestNotificationsUseCase(tx, inbox, notifications, () => smallTemplateBook());
  });

  it('writes the message each fact asks for, pending, in one transaction with the claim of the facts', async () => {
    const e = told('report-received');
    const [owed] = await request.execute([e]);

    expect(owed).toMatchObject({
      id: notificationId('default', e.eventId, 'report-received'),
      tenantId: 'default',
      caseId: CASE_ID,
      reference: REFERENCE,
      template: 'report-received',
      facts: {},
      causeEventId: e.eventId,
      correlationId: e.correlationId,
      state: 'pending',
      attempts: 0,
      requestedAt: new Date('2026-03-02T09:00:00Z'),
    });
    expect(notifications.get(owed.id)).toEqual(owed);
    expect(tx.runs).toBe(1);
  });

  it('a shared note becomes a message with the note; an internal one and other facts ask for none', async () => {
    const shared = noted('shared');
    const owed = await request.execute([shared, noted('internal')]);

    expect(owed.map((n) => [n.template, n.facts])).toEqual([
      ['case-update', { note: 'The crew comes on Tuesday' }],
    ]);
    expect([...notifications.rows.keys()]).toEqual([
      notificationId('default', shared.eventId, 'case-update'),
    ]);
  });

  it('a fact handled before, or twice in one batch, owes nothing twice', async () => {
    const e = told('case-update');
    expect(await request.execute([e, e])).toHaveLength(1);
    expect(await request.execute([e])).toEqual([]);
    expect(notifications.rows.size).toBe(1);
    // The claim is this consumer's: another consumer of the same fact is not affected.
    expect(await inbox.claim('someone-else', [e.eventId])).toEqual(new Set([e.eventId]));
    expect(await inbox.claim(TRIGGERS_CONSUMER, [e.eventId])).toEqual(new Set());
  });

  it('a resolution asks the satisfaction question once per case: resolved again after a reopening, it owes no second one', async () => {
    const resolved = (caseId: string): CaseChangedV1 =>
      createEnvelope(caseChangedV1, {
        tenantId: 'default',
        correlationId: randomUUID(),
        payload: {
          change: 'status-changed',
          caseId,
          reference: REFERENCE,
          version: 5,
          actor: 'agent:agent-17',
          channel: null,
          at: '2026-03-02T09:00:00Z',
          from: 'in-progress',
          to: 'resolved',
          reason: 'Filled',
        },
      });
    const first = resolved(CASE_ID);
    const [owed] = await request.execute([first]);
    expect(owed).toMatchObject({
      template: 'satisfaction-survey',
      caseId: CASE_ID,
      causeEventId: first.eventId,
    });
    // Reopened and resolved again (another fact, even in one batch with a third): the same message, not another.
    const again = await request.execute([resolved(CASE_ID), resolved(CASE_ID)]);
    expect(again.map((n) => n.id)).toEqual([owed.id]);
    expect([...notifications.rows.values()].filter((n) => n.template === 'satisfaction-survey')).toEqual([
      expect.objectContaining({ id: owed.id, causeEventId: first.eventId }),
    ]);
    // Another case is asked its own.
    const other = await request.execute([resolved('7c1f3c1e-8a2d-4c6f-9e1b-2d3c4b5a6f71')]);
    expect(other[0].id).not.toBe(owed.id);
  });

  it('refuses a fact naming a template the city does not have, before claiming or writing anything', async () => {
    const unknown = told('no-such-template');
    const fine = told('case-update');

    const refusal = await request.execute([fine, unknown]).catch((e: unknown) => e);

    expect(isDomainError(refusal)).toBe(true);
    expect(refusal).toMatchObject({
      kind: 'invalid',
      code: 'notification.unknown-template',
      message: `CitizenNotificationRequested ${unknown.eventId} asks for template "no-such-template", which is not in default's template book`,
    });
    expect(tx.runs).toBe(0);
    expect(notifications.rows.size).toBe(0);
    // Once replayed without it, the other fact is still owed its message.
    expect(await request.execute([fine])).toHaveLength(1);
  });
});
