import { randomUUID } from 'node:crypto';
import {
  TOPICS,
  type CaseRecipient,
  type CitizenNotificationNotSentV1,
  type CitizenNotifiedV1,
} from '@city/contracts';
import { createLogger } from '@city/platform-logging';
import { FakeOutbox, FakeTransaction } from '@city/platform-testing/fakes';
import { FakeCaseRecordClient } from '../../case-record/fake-case-record.client';
import { InMemoryDeliveryRepository } from '../../message-store/in-memory-delivery.repository';
import { InMemoryErasedSubjects } from '../../message-store/in-memory-erased-subjects';
import { InMemoryNotificationRepository } from '../../message-store/in-memory-notification.repository';
import { anOwedNotification } from '../../message-store/message-store.fixture';
import type { Notification } from '../../message-store/notification.entity';
import { OptOutLinks } from '../../opt-out/opt-out-link';
import { SatisfactionLinks } from '../../satisfaction/satisfaction-link';
import { smallTemplateBook } from '../../templates/template-book.fixture';
import { PermanentDeliveryError } from '../delivery-errors';
import { EmailSender, type OutgoingEmail } from '../email.sender';
import { ServiceNames } from '../service-names';
import { SmsProvider, type OutgoingSms } from '../sms.provider';
import { DeliverNotificationUseCase, RetryLaterError } from './deliver-notification.usecase';

const TENANT = 'default';
const CASE_ID = '5b0f3c1e-8a2d-4c6f-9e1b-2d3c4b5a6f70';
const REFERENCE = 'AB12-CD34-EFG';

/** A mail server that takes every message, unless the test queued a failure for the next one. */
class FakeEmailSender extends EmailSender {
  readonly sent: OutgoingEmail[] = [];
  readonly failures: Error[] = [];
  async send(m: OutgoingEmail): Promise<string> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(m);
    return `<mail-${this.sent.length}@mail.example>`;
  }
}

class FakeSmsProvider extends SmsProvider {
  readonly sent: OutgoingSms[] = [];
  readonly failures: Error[] = [];
  async send(m: OutgoingSms): Promise<string> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(m);
    return `sms-${this.sent.length}`;
  }
}

class FakeServiceNames extends ServiceNames {
  of(serviceCode: string): Record<string, string> | undefined {
    return serviceCode === 'pothole' ? { en: 'Pothole', nl: 'Gat in de weg' } : undefined;
  }
}

const recipient = (over: Partial<CaseRecipient> = {}): CaseRecipient => ({
  citizenId: randomUUID(),
  role: 'reporter',
  firstName: 'Anna',
  lastName: 'de Vries',
  preferredChannel: 'email',
  language: 'nl',
  consentUpdates: true,
  email: 'anna@example.org',
  phone: '+31612345678',
  ...over,
});

const owed = (over: Partial<Notification> = {}): Notification =>
  anOwedNotification({ tenantId: TENANT, caseId: CASE_ID, reference: REFERENCE, ...over });

describe('DeliverNotificationUseCase: one round of sending a message to everyone who should hear it', () => {
  const book = smallTemplateBook();
  const links = new OptOutLinks('the-opt-out-secret-of-the-unit-test', 'https://city.example', [TENANT]);
  const survey = new SatisfactionLinks(
    'the-opt-out-secret-of-the-unit-test',
    () => 'https://my.city.example',
    [TENANT],
  );
  let notifications: InMemoryNotificationRepository;
  let deliveries: InMemoryDeliveryRepository;
  let tx: FakeTransaction;
  let outbox: FakeOutbox;
  let caseRecord: FakeCaseRecordClient;
  let email: FakeEmailSender;
  let sms: FakeSmsProvider;
  let deliver: DeliverNotificationUseCase;
  let erasedSubjects: InMemoryErasedSubjects;

  /** The case the message is about, with these recipients, and the message owed about it. */
  const given = (recipients: CaseRecipient[], over: Partial<Notification> = {}, serviceCode = 'pothole') => {
    caseRecord.cases.set(REFERENCE, {
      caseId: CASE_ID,
      reference: REFERENCE,
      serviceCode,
      status: 'in-progress',
      recipients,
    } as never);
    const n = owed(over);
    notifications.seed(n);
    return n;
  };
  const notified = () => outbox.events<CitizenNotifiedV1>('CitizenNotified');
  const notSent = () => outbox.events<CitizenNotificationNotSentV1>('CitizenNotificationNotSent');

  beforeEach(() => {
    notifications = new InMemoryNotificationRepository();
    deliveries = new InMemoryDeliveryRepository();
    tx = new FakeTransaction();
    outbox = new FakeOutbox();
    caseRecord = new FakeCaseRecordClient();
    email = new FakeEmailSender();
    sms = new FakeSmsProvider();
    erasedSubjects = new InMemoryErasedSubjects();
    deliver = new DeliverNotificationUseCase(
      notifications,
      deliveries,
      tx,
      outbox,
      () => book,
      caseRecord,
      email,
      sms,
      new FakeServiceNames(),
      links,
      survey,
      erasedSubjects,
      createLogger('test', 'silent'),
    );
  });

  it('records a message on its way while its case was erased as the erasure left the others: no address, no words, here or in its fact', async () => {
    const anna = recipient();
    const n = given([anna]);
    await erasedSubjects.mark(TENANT, { caseIds: [CASE_ID], citizenIds: [] });

    expect(await deliver.execute(n.id, false)).toBe('delivered');

    expect(deliveries.rows.map((d) => [d.medium, d.address, d.subject, d.text])).toEqual([
      ['portal', null, '(erased)', '(erased)'],
      ['email', null, '(erased)', '(erased)'],
    ]);
    expect(notified()[0].payload).toMatchObject({ address: null, subject: '(erased)', text: '(erased)' });
    expect(JSON.stringify(outbox.items)).not.toContain('anna');
    // Under its case's and citizen's buckets, shared with other recordings (an erasure takes them alone).
    expect(tx.shared).toEqual([
      [
        `${TENANT}/erasure/case/${CASE_ID.slice(0, 2)}`,
        `${TENANT}/erasure/citizen/${anna.citizenId.slice(0, 2)}`,
      ].sort(),
    ]);
  });

  it("emails a citizen who chose email, in their language with the service's name and their opt-out link; keeps the portal copy; the email is the fact for the case", async () => {
    const anna = recipient();
    const n = given([anna]);

    expect(await deliver.execute(n.id, false)).toBe('delivered');

    expect(email.sent).toEqual([
      {
        deliveryId: expect.any(String),
        to: 'anna@example.org',
        subject: `Nieuws over ${REFERENCE}: Gat in de weg`,
        text: expect.stringContaining('The crew comes on Tuesday'),
        language: 'nl',
        optOutUrl: links.url(TENANT, anna.citizenId),
      },
    ]);
    expect(email.sent[0].text).toMatch(/^Beste Anna,/);
    expect(sms.sent).toEqual([]);
    expect(deliveries.rows.map((d) => [d.medium, d.outcome, d.address, d.providerMessageId])).toEqual([
      ['portal', 'sent', null, null],
      ['email', 'sent', 'anna@example.org', '<mail-1@mail.example>'],
    ]);
    const emailed = deliveries.rows[1];
    expect(emailed).toMatchObject({ id: email.sent[0].deliveryId, citizenId: anna.citizenId, attempts: 1 });
    // The facts are written in the transaction that writes the deliveries, keyed by the case.
    expect(tx.runs).toBe(1);
    expect(outbox.items.map((i) => [i.topic, i.key])).toEqual([[TOPICS.notificationEvents, CASE_ID]]);
    expect(notified()).toHaveLength(1);
    expect(notified()[0]).toMatchObject({
      tenantId: TENANT,
      correlationId: 'correlation-1',
      causationId: n.causeEventId,
      payload: {
        notificationId: n.id,
        deliveryId: emailed.id,
        citizenId: anna.citizenId,
        medium: 'email',
        address: 'anna@example.org',
        language: 'nl',
        subject: `Nieuws over ${REFERENCE}: Gat in de weg`,
        providerMessageId: '<mail-1@mail.example>',
        attempts: 1,
      },
    });
    expect(notifications.get(n.id)).toMatchObject({ state: 'done', leaseUntil: null, lastError: null });
  });

  it('texts a citizen who chose a text, and the portal inbox alone is the fact for one who reads the web', async () => {
    const texted = recipient({ preferredChannel: 'sms', language: 'en' });
    const web = recipient({ preferredChannel: 'web', role: 'follower', email: null, phone: null });
    const n = given([texted, web], {}, 'unknown-service');

    expect(await deliver.execute(n.id, false)).toBe('delivered');

    expect(sms.sent).toEqual([
      {
        deliveryId: expect.any(String),
        to: '+31612345678',
        text: `City, ${REFERENCE}: The crew comes on Tuesday Reply STOP.`,
      },
    ]);
    expect(email.sent).toEqual([]);
    expect(notified().map((e) => [e.payload.citizenId, e.payload.medium])).toEqual([
      [texted.citizenId, 'sms'],
      [web.citizenId, 'portal'],
    ]);
    // A service the catalogue does not know is named by its code.
    expect(deliveries.rows.find((d) => d.medium === 'portal')!.subject).toBe(
      `News about ${REFERENCE}: unknown-service`,
    );
  });

  it('a message for the reporter goes to the reporter only; one for followers to everyone following the case', async () => {
    const reporter = recipient();
    const follower = recipient({ role: 'follower', email: 'ben@example.org' });
    const toReporter = given([reporter, follower], { template: 'report-received' });
    await deliver.execute(toReporter.id, false);
    expect(email.sent.map((m) => m.to)).toEqual(['anna@example.org']);
    // Not translated into Dutch: English.
    expect(email.sent[0].subject).toBe(`We have ${REFERENCE}`);

    const toAll = given([reporter, follower]);
    await deliver.execute(toAll.id, false);
    expect(email.sent.map((m) => m.to)).toEqual(['anna@example.org', 'anna@example.org', 'ben@example.org']);
  });

  it('the satisfaction question: to the reporter only, by email with the signed link of its request, by text as "reply 1 to 5"', async () => {
    const reporter = recipient({ language: 'en' });
    const follower = recipient({ role: 'follower', email: 'ben@example.org' });
    const emailed = given([reporter, follower], { template: 'satisfaction-survey' });
    await deliver.execute(emailed.id, false);
    expect(email.sent.map((m) => [m.to, m.text.includes(survey.url(TENANT, REFERENCE))])).toEqual([
      ['anna@example.org', true],
    ]);
    expect(survey.referenceOf(TENANT, survey.token(TENANT, REFERENCE))).toBe(REFERENCE);

    const texted = given([recipient({ preferredChannel: 'sms', language: 'en' })], {
      template: 'satisfaction-survey',
    });
    await deliver.execute(texted.id, false);
    expect(sms.sent).toEqual([
      expect.objectContaining({
        to: '+31612345678',
        text: `City: reply 1 to 5 about ${REFERENCE} Reply STOP.`,
      }),
    ]);
  });

  it('sends nothing to a citizen who opted out: the fact says so on the medium they would have had, with no attempts', async () => {
    const optedOut = recipient({ consentUpdates: false, preferredChannel: 'sms' });
    const n = given([optedOut]);

    expect(await deliver.execute(n.id, false)).toBe('delivered');

    expect(email.sent).toEqual([]);
    expect(sms.sent).toEqual([]);
    expect(deliveries.rows.map((d) => [d.medium, d.outcome, d.address])).toEqual([
      ['sms', 'opted-out', null],
    ]);
    expect(notified()).toEqual([]);
    expect(notSent().map((e) => e.payload)).toEqual([
      expect.objectContaining({ medium: 'sms', reason: 'opted-out', detail: null, attempts: 0 }),
    ]);
  });

  it('a text the provider could not take now: the portal copy stays, the lease is let go with why, and the next round sends only the text', async () => {
    const texted = recipient({ preferredChannel: 'sms' });
    const n = given([texted]);
    sms.failures.push(new Error('provider answered 503'));

    await expect(deliver.execute(n.id, false)).rejects.toThrow(RetryLaterError);

    expect(notifications.get(n.id)).toMatchObject({
      state: 'pending',
      attempts: 1,
      leaseUntil: null,
      lastError: expect.stringContaining('provider answered 503'),
    });
    expect(deliveries.rows.map((d) => d.medium)).toEqual(['portal']);
    // The portal copy is not the fact when a text should carry the message.
    expect(outbox.items).toEqual([]);

    expect(await deliver.execute(n.id, false)).toBe('delivered');

    expect(sms.sent).toHaveLength(1);
    expect(deliveries.rows.map((d) => [d.medium, d.outcome, d.attempts])).toEqual([
      ['portal', 'sent', 1],
      ['sms', 'sent', 2],
    ]);
    expect(notified().map((e) => [e.payload.medium, e.payload.attempts])).toEqual([['sms', 2]]);
    expect(notifications.get(n.id)).toMatchObject({ state: 'done', lastError: null });
  });

  it('a refusal for good is recorded as undeliverable at once; a passing failure only on the last attempt', async () => {
    const refused = given([recipient()]);
    email.failures.push(new PermanentDeliveryError('mail server answered 550: no such mailbox'));
    expect(await deliver.execute(refused.id, false)).toBe('delivered');
    expect(notSent().map((e) => e.payload)).toEqual([
      expect.objectContaining({
        notificationId: refused.id,
        medium: 'email',
        reason: 'undeliverable',
        detail: 'mail server answered 550: no such mailbox',
        attempts: 1,
      }),
    ]);

    const last = given([recipient()]);
    email.failures.push(new Error('connection refused'));
    expect(await deliver.execute(last.id, true)).toBe('delivered');
    expect(
      deliveries.rows.filter((d) => d.notificationId === last.id).map((d) => [d.medium, d.outcome]),
    ).toEqual([
      ['portal', 'sent'],
      ['email', 'undeliverable'],
    ]);
    expect(notifications.get(last.id)!.state).toBe('done');
  });

  it('a case the record does not know has no one to hear it: the message is done', async () => {
    const n = owed();
    notifications.seed(n);

    expect(await deliver.execute(n.id, false)).toBe('no-such-case');

    expect(caseRecord.asked).toEqual([REFERENCE]);
    expect(deliveries.rows).toEqual([]);
    expect(notifications.get(n.id)!.state).toBe('done');
  });

  it('leaves alone a message that is not pending or that another worker holds', async () => {
    const done = owed({ state: 'done' });
    const held = owed({ leaseUntil: new Date(Date.now() + 60_000), attempts: 1 });
    notifications.seed(done, held);

    expect(await deliver.execute(done.id, false)).toBe('not-pending');
    expect(await deliver.execute(held.id, false)).toBe('held-elsewhere');
    expect(await deliver.execute(randomUUID(), false)).toBe('not-pending');

    expect(caseRecord.asked).toEqual([]);
    expect(notifications.get(held.id)!.attempts).toBe(1);
  });

  it('the case record away: the round fails, nothing is recorded, and the lease is let go for the next round', async () => {
    const n = given([recipient()]);
    caseRecord.failWith = new Error('case-service answered 503 for the recipients of AB12-CD34-EFG');

    await expect(deliver.execute(n.id, false)).rejects.toThrow(/answered 503/);

    expect(deliveries.rows).toEqual([]);
    expect(notifications.get(n.id)).toMatchObject({
      state: 'pending',
      leaseUntil: null,
      lastError: 'case-service answered 503 for the recipients of AB12-CD34-EFG',
    });
  });

  it('the database away when the email is recorded: the round fails, and the next records it without sending it again', async () => {
    const anna = recipient();
    const n = given([anna]);
    const run = tx.run.bind(tx);
    let down = true;
    tx.run = (work) => (down ? Promise.reject(new Error('Connection terminated unexpectedly')) : run(work));

    await expect(deliver.execute(n.id, false)).rejects.toThrow(/Connection terminated/);
    expect(email.sent).toHaveLength(1);
    expect(deliveries.rows).toEqual([]);

    down = false;
    expect(await deliver.execute(n.id, false)).toBe('delivered');
    expect(email.sent).toHaveLength(1);
    expect(deliveries.rows.filter((d) => d.medium === 'email')).toEqual([
      expect.objectContaining({ outcome: 'sent', providerMessageId: '<mail-1@mail.example>' }),
    ]);
    expect(notified()).toHaveLength(1);
  });

  it('messages sent at the same moment share their round trips: one lease, one transaction for their records, one completion; a record that fails holds back only its own message', async () => {
    const five = ['AB12-CD34-EF1', 'AB12-CD34-EF2', 'AB12-CD34-EF3', 'AB12-CD34-EF4', 'AB12-CD34-EF5'].map(
      (reference) => {
        const caseId = randomUUID();
        caseRecord.cases.set(reference, {
          caseId,
          reference,
          serviceCode: 'pothole',
          status: 'in-progress',
          recipients: [recipient({ email: `${reference}@example.org` })],
        } as never);
        const n = owed({ caseId, reference });
        notifications.seed(n);
        return n;
      },
    );
    const lease = jest.spyOn(notifications, 'lease');
    const complete = jest.spyOn(notifications, 'complete');

    const outcomes = await Promise.all(five.map((n) => deliver.execute(n.id, false)));

    expect(outcomes).toEqual(Array(5).fill('delivered'));
    expect(email.sent.map((m) => m.to).sort()).toEqual(five.map((n) => `${n.reference}@example.org`));
    expect(lease.mock.calls).toEqual([[five.map((n) => n.id)]]);
    expect(complete).toHaveBeenCalledTimes(1);
    expect(tx.runs).toBe(1);
    expect(
      notified()
        .map((e) => e.payload.reference)
        .sort(),
    ).toEqual(five.map((n) => n.reference));

    // Two more at once, and the record of one of them cannot be written: the other is recorded.
    const [ok, bad] = ['AB12-CD34-EF6', 'AB12-CD34-EF7'].map((reference) => {
      caseRecord.cases.set(reference, {
        caseId: randomUUID(),
        reference,
        serviceCode: 'pothole',
        status: 'in-progress',
        recipients: [recipient()],
      } as never);
      const n = owed({ reference });
      notifications.seed(n);
      return n;
    });
    const addNew = deliveries.addNew.bind(deliveries);
    deliveries.addNew = (rows) =>
      rows.some((d) => d.notificationId === bad.id)
        ? Promise.reject(new Error('value too long'))
        : addNew(rows);
    const [okOutcome, badOutcome] = await Promise.allSettled([
      deliver.execute(ok.id, false),
      deliver.execute(bad.id, false),
    ]);
    expect(okOutcome).toEqual({ status: 'fulfilled', value: 'delivered' });
    expect(badOutcome).toMatchObject({ status: 'rejected', reason: new Error('value too long') });
    expect(deliveries.rows.some((d) => d.notificationId === ok.id)).toBe(true);
    expect(deliveries.rows.some((d) => d.notificationId === bad.id)).toBe(false);
  });
});
