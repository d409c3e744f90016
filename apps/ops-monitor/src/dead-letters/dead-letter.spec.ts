import { caseOpenedV1 } from '@city/contracts';
import { DLQ_HEADERS, REPLAY_HEADERS, type ReceivedMessage } from '@city/platform-kafka';
import { placeOf, readDeadLetter, stateOf } from './dead-letter';

const now = new Date(Date.UTC(2026, 2, 5, 12));
const message = (over: Partial<ReceivedMessage> = {}): ReceivedMessage => ({
  topic: 'case.events.v1.dlq',
  partition: 0,
  offset: '42',
  key: caseOpenedV1.example.payload.caseId,
  value: Buffer.from(JSON.stringify(caseOpenedV1.example)),
  headers: {
    'correlation-id': 'c-1',
    [DLQ_HEADERS.error]: 'case.unknown-service: no service missed-bin',
    [DLQ_HEADERS.originalTopic]: 'case.events.v1',
    [DLQ_HEADERS.originalPartition]: '3',
    [DLQ_HEADERS.originalOffset]: '1234',
    [DLQ_HEADERS.consumerGroup]: 'notification-service.cases',
    [DLQ_HEADERS.attempts]: '5',
    [DLQ_HEADERS.failedAt]: '2026-03-05T11:00:00.000Z',
  },
  ...over,
});

describe('a message of a dead-letter topic, as the read model keeps it', () => {
  it('says where it is, where and why it failed, and which event it is, and nothing of its payload', () => {
    const l = readDeadLetter(message(), () => now);
    expect(l).toEqual({
      topic: 'case.events.v1',
      partition: 0,
      offset: '42',
      key: caseOpenedV1.example.payload.caseId,
      originalPartition: 3,
      originalOffset: '1234',
      consumerGroup: 'notification-service.cases',
      eventType: 'CaseOpened',
      eventVersion: 1,
      eventId: caseOpenedV1.example.eventId,
      tenantId: caseOpenedV1.example.tenantId,
      correlationId: caseOpenedV1.example.correlationId,
      error: 'case.unknown-service: no service missed-bin',
      attempts: 5,
      failedAt: new Date('2026-03-05T11:00:00.000Z'),
      replayOf: null,
      replayOfAt: null,
      replayedAt: null,
      replayedBy: null,
      replayId: null,
      expiredAt: null,
    });
    expect(JSON.stringify(l)).not.toContain(JSON.stringify(caseOpenedV1.example.payload).slice(1, 40));
  });

  it('is a letter whatever the message holds: not JSON, no headers, no key, no value', () => {
    for (const value of [Buffer.from('not json {'), Buffer.from('[1,2]'), Buffer.from('"text"'), null]) {
      const l = readDeadLetter(message({ value, key: null, headers: {} }), () => now);
      expect(l).toMatchObject({
        topic: 'case.events.v1',
        key: null,
        eventType: null,
        eventId: null,
        consumerGroup: null,
        originalOffset: null,
        attempts: null,
        error: '(no reason given)',
        failedAt: now,
      });
    }
    const odd = readDeadLetter(
      message({
        value: Buffer.from(JSON.stringify({ type: 7, version: 'one', eventId: '' })),
        headers: { [DLQ_HEADERS.originalOffset]: '12; DROP', [DLQ_HEADERS.attempts]: '-1' },
      }),
      () => now,
    );
    expect(odd).toMatchObject({
      eventType: null,
      eventVersion: null,
      eventId: null,
      originalOffset: null,
      attempts: null,
    });
  });

  it('names the letter it repeats when it came back from a replay and failed again, and when that went back', () => {
    const l = readDeadLetter(
      message({
        headers: {
          ...message().headers,
          [REPLAY_HEADERS.replayedFrom]: 'case.events.v1.dlq/0/7',
          [REPLAY_HEADERS.replayedAt]: '2026-03-05T10:59:58.000Z',
        },
      }),
    );
    expect(l.replayOf).toBe('0/7');
    expect(l.replayOfAt).toEqual(new Date('2026-03-05T10:59:58.000Z'));
    // Another topic's letter is not this topic's.
    const other = readDeadLetter(
      message({ headers: { [REPLAY_HEADERS.replayedFrom]: 'workflow.events.v1.dlq/0/7' } }),
    );
    expect(other.replayOf).toBeNull();
  });

  it('is waiting, put back or gone; its id is its place on the dead-letter topic', () => {
    expect(stateOf({ replayedAt: null, expiredAt: null })).toBe('waiting');
    expect(stateOf({ replayedAt: now, expiredAt: null })).toBe('replayed');
    expect(stateOf({ replayedAt: null, expiredAt: now })).toBe('expired');
    expect(placeOf('2/0042')).toEqual({ partition: 2, offset: '42' });
    expect(() => placeOf('2-42')).toThrow();
  });
});
