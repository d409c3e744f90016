import { randomUUID } from 'node:crypto';
import { citizenNotificationNotSentV1, citizenNotifiedV1, type NotificationFactV1 } from '@city/contracts';
import { FakeInbox } from '@city/platform-testing/fakes';
import { recordFixture, ref } from '../../record/record-fixture';
import { RecordOutboundMessageUseCase } from './record-outbound-message.usecase';

const about = (contract: { example: unknown }, caseId: string): NotificationFactV1 => {
  const e = contract.example as NotificationFactV1;
  return { ...e, eventId: randomUUID(), payload: { ...e.payload, caseId } } as NotificationFactV1;
};

describe('messages the city sent, on the record', () => {
  const setup = () => {
    const f = recordFixture();
    const c = f.record.addCase({ reference: ref('a') });
    return {
      ...f,
      c,
      recordMessage: new RecordOutboundMessageUseCase(
        f.tx,
        new FakeInbox(),
        f.record.caseRepository,
        f.record.interactionRepository,
      ),
    };
  };

  it('a message sent is an outbound interaction and a message-sent line', async () => {
    const { record, c, recordMessage } = setup();
    expect(await recordMessage.execute(about(citizenNotifiedV1, c.id))).toBe('recorded');
    expect(record.interactionRows).toEqual([
      expect.objectContaining({
        direction: 'outbound',
        kind: 'outbound-message',
        channel: 'email',
        caseIds: [c.id],
      }),
    ]);
    expect(record.timelineOf(c.id).map((t) => t.kind)).toEqual(['message-sent']);
  });

  it('a message that was on its way when its case was anonymised is recorded without its address or words', async () => {
    const { record, recordMessage } = setup();
    const erased = record.addCase({ reference: ref('erased'), anonymisedAt: new Date() });
    const fact = about(citizenNotifiedV1, erased.id);
    expect(await recordMessage.execute(fact)).toBe('recorded');
    expect(record.interactionRows).toEqual([
      expect.objectContaining({
        kind: 'outbound-message',
        summary: 'Erased (outbound-message)',
        details: {},
      }),
    ]);
    expect(record.timelineOf(erased.id)).toEqual([
      expect.objectContaining({ kind: 'message-sent', summary: 'Erased (message-sent)', details: {} }),
    ]);
    const { subject } = fact.payload as { subject: string };
    expect(JSON.stringify([record.interactionRows, record.timelineOf(erased.id)])).not.toContain(subject);
  });

  it('a message not sent is a line only, saying why', async () => {
    const { record, c, recordMessage } = setup();
    await recordMessage.execute(about(citizenNotificationNotSentV1, c.id));
    expect(record.interactionRows).toHaveLength(0);
    expect(record.timelineOf(c.id)).toEqual([
      expect.objectContaining({ kind: 'message-not-sent', summary: expect.stringContaining('not sent') }),
    ]);
  });

  it('ignores a case that is not (or not this city’s)', async () => {
    const { record, recordMessage } = setup();
    const theirs = record.addCase({ reference: ref('theirs'), tenantId: 'other-city' });
    expect(await recordMessage.execute(about(citizenNotifiedV1, theirs.id))).toBe('no-such-case');
    expect(await recordMessage.execute(about(citizenNotifiedV1, randomUUID()))).toBe('no-such-case');
  });

  it('a fetched batch together: each fact once, in order, whatever else the batch holds', async () => {
    const { record, c, recordMessage } = setup();
    const other = record.addCase({ reference: ref('b') });
    const sent = about(citizenNotifiedV1, c.id);
    const notSent = about(citizenNotificationNotSentV1, other.id);
    const nowhere = about(citizenNotifiedV1, randomUUID());
    expect(await recordMessage.executeAll([sent, nowhere, notSent, sent])).toEqual([
      'recorded',
      'no-such-case',
      'recorded',
      'already-handled',
    ]);
    expect(record.interactionRows).toHaveLength(1);
    expect(record.timelineOf(c.id).map((t) => t.kind)).toEqual(['message-sent']);
    expect(record.timelineOf(other.id).map((t) => t.kind)).toEqual(['message-not-sent']);
    // Delivered again (the relay published twice): nothing more on the record.
    expect(await recordMessage.executeAll([sent, notSent])).toEqual(['already-handled', 'already-handled']);
    expect(record.timelineOf(c.id)).toHaveLength(1);
  });
});
