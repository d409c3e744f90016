import { randomUUID } from 'node:crypto';
import { createLogger } from '@city/platform-logging';
import { EventPublisher } from '../event-publisher';
import { createIdempotentProducer, createKafka, TopicNames } from '../kafka-client';
import { uniquePrefix } from '../topic-probe';
import { deleteTopicsWithPrefix, ensureTopics } from '../topics-admin';
import { EventPrivacy } from './event-privacy';
import { KeyRing } from './key-ring';
import { newDataKey, openEnvelope, sealEnvelope } from './sealing';
import { personalEvent } from './sealing.fixture';

/**
 * The data keys on a real broker: a key made by one service's ring is read by another's (as a
 * consumer of the event reads it), and an erasure's tombstones take every key of a subject, made by
 * any producer, from every ring: what was sealed with them no longer opens.
 */
describe('the key ring (real Kafka)', () => {
  const prefix = uniquePrefix('keyring');
  const logger = createLogger('test', 'silent');
  const kafka = createKafka(
    {
      clientId: 'keyring-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    logger,
  );
  const topic = new TopicNames(prefix).of('privacy.keys.v1');
  const master = newDataKey();
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 100,
    ackTimeoutMs: 10_000,
  });
  const ring = (clientId: string) => new KeyRing(kafka, logger, publisher, { master, topic, clientId });
  let producing: KeyRing;
  let reading: KeyRing;

  beforeAll(async () => {
    await ensureTopics(kafka, [{ name: topic, partitions: 1, compacted: true }]);
    producing = ring('producing');
    reading = ring('reading');
    await Promise.all([producing.start(), reading.start()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([producing?.stop(), reading?.stop()]);
    await publisher.close();
    await deleteTopicsWithPrefix(kafka, prefix);
  });

  it("opens, in another service, what one sealed; after the subject's erasure, in neither", async () => {
    const caseId = randomUUID();
    const mine = await producing.keyFor(`case.events.v1/${caseId}`);
    expect(await producing.keyFor(`case.events.v1/${caseId}`)).toBe(mine);
    const e = personalEvent();
    const sealed = JSON.parse(JSON.stringify(sealEnvelope(e, mine.kid, mine.key)));
    const theirs = await reading.key(sealed.sealed.kid, 10_000);
    if (!Buffer.isBuffer(theirs)) throw new Error(`the key did not arrive: ${theirs}`);
    expect(openEnvelope(sealed, theirs)).toEqual(e);

    // A second producer's key for the same case: erased with it.
    const other = ring('another-replica');
    await other.start();
    const second = await other.keyFor(`case.events.v1/${caseId}`);
    expect(second.kid).not.toBe(mine.kid);
    const unrelated = await producing.keyFor(`case.events.v1/${randomUUID()}`);
    expect(Buffer.isBuffer(await reading.key(second.kid, 10_000))).toBe(true);

    expect(await reading.erase([`case.events.v1/${caseId}`])).toBe(2);
    // Every ring sees the tombstones: neither key opens anything any more.
    const gone = async (r: KeyRing, kid: string) => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline;)
        if ((await r.key(kid, 100)) === 'erased') return true;
        else await new Promise((res) => setTimeout(res, 50));
      return false;
    };
    const notGone: string[] = [];
    for (const [name, r] of [
      ['producing', producing],
      ['reading', reading],
      ['other', other],
    ] as const)
      for (const kid of [mine.kid, second.kid])
        if (!(await gone(r, kid))) notGone.push(`${name} ${kid === mine.kid ? 'mine' : 'second'}`);
    expect(notGone).toEqual([]);
    expect(Buffer.isBuffer(await reading.key(unrelated.kid, 10_000))).toBe(true);
    expect(await reading.key(`case.events.v1/${randomUUID()}#never`, 200)).toBe('missing');
    // A producer whose key was erased makes a new one for what it publishes next.
    expect((await producing.keyFor(`case.events.v1/${caseId}`)).kid).not.toBe(mine.kid);
    await other.stop();
  }, 60_000);

  it("seals a personal topic's event on publishing, opens it for a handler, and passes it by once its subject is erased", async () => {
    const names = new TopicNames(prefix);
    const privacy = (clientId: string) =>
      new EventPrivacy(kafka, logger, publisher, names, { master, clientId });
    const sealer = privacy('sealer');
    const reader = privacy('reader');
    // Its readiness: a service that does not read the keys (it only seals) is not held back by them;
    // one reading them is down until it has read the key topic whole.
    await expect(reader.readinessCheck().check()).resolves.toBeUndefined();
    sealer.start();
    reader.start();
    await expect(reader.readinessCheck().check()).rejects.toThrow('the data keys are still being read');
    for (const deadline = Date.now() + 20_000; !(sealer.ready && reader.ready) && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 50));
    await expect(reader.readinessCheck().check()).resolves.toBeUndefined();
    const e = personalEvent();
    const caseId = randomUUID();
    const received = (value: unknown, topic = names.of('case.events.v1')) => ({
      topic,
      partition: 0,
      offset: '1',
      key: caseId,
      value: Buffer.from(JSON.stringify(value)),
      headers: {},
    });
    const sealed = await sealer.seal(names.of('case.events.v1'), caseId, e);
    expect(JSON.stringify(sealed)).not.toContain('anna@example.org');
    expect(sealed).toMatchObject({ eventId: e.eventId, tenantId: e.tenantId, payload: null });
    // The workforce topic carries nothing personal: in the clear.
    expect(await sealer.seal(names.of('workforce.events.v1'), 'agent-17', e)).toEqual(e);

    const [opened] = await reader.open([received(sealed)]);
    expect(JSON.parse(opened!.value!.toString())).toEqual(e);
    // An event in the clear goes through as it is.
    expect(await reader.open([received(e)])).toHaveLength(1);

    // A sealed payload moved onto another event does not open: poison.
    await expect(reader.open([received({ ...sealed, eventId: randomUUID() })])).rejects.toThrow(
      /does not open/,
    );

    expect(
      await reader.erase(
        reader.subjectsOf({ citizenIds: [], caseIds: [caseId], caseReferences: [], contacts: [] }),
      ),
    ).toBe(1);
    for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
      if ((await sealer.open([received(sealed)])).length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await sealer.open([received(sealed)])).toEqual([]);
    expect(await reader.open([received(sealed)])).toEqual([]);
    // An event about the erased case published after it (a message on its way), by a service that
    // learnt of the erasure from the key topic, is born erased: no one opens it.
    const late = await sealer.seal(names.of('case.events.v1'), caseId, personalEvent());
    expect(JSON.stringify(late)).not.toContain('anna@example.org');
    expect(await reader.open([received(late)])).toEqual([]);
    // A caller's calls, each a key of its own, go together by their number.
    const call = (callId: string) =>
      ({
        ...personalEvent(),
        type: 'ScreenPopRequested',
        payload: { callId, callerNumber: '+31612345678', agentId: 'agent-17' },
      }) as unknown as ReturnType<typeof personalEvent>;
    const pops = names.of('agent.screenpops.v1');
    const first = await sealer.seal(pops, 'agent-17', call('call-1'));
    const second = await sealer.seal(pops, 'agent-17', call('call-2'));
    expect(await reader.open([received(first, pops), received(second, pops)])).toHaveLength(2);
    const phone = {
      citizenIds: [],
      caseIds: [],
      caseReferences: [],
      contacts: [{ kind: 'phone', value: '+31612345678' }],
    };
    expect(await reader.erase(reader.subjectsOf(phone as never))).toBe(2);
    expect(await reader.open([received(first, pops), received(second, pops)])).toEqual([]);
    // A call's end names no number: in the clear.
    const end = { ...call('call-1'), payload: { callId: 'call-1', callerNumber: null } } as never;
    expect(await sealer.seal(pops, 'agent-17', end)).toEqual(end);
    await Promise.all([sealer.stop(), reader.stop()]);
  }, 60_000);

  it('a ring started later reads every key written before (a service restarted)', async () => {
    const made = await producing.keyFor(`intake.requests.v1/${randomUUID()}`);
    const late = ring('late');
    await late.start();
    const key = await late.key(made.kid, 1_000);
    expect(Buffer.isBuffer(key) && key.equals(made.key)).toBe(true);
    await late.stop();
  }, 60_000);
});
