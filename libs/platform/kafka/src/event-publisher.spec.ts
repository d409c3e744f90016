import type { ProducerPort } from './kafka-client';

type ProducerBatch = Parameters<ProducerPort['sendBatch']>[0];
import { EventPublisher, PublishTimeoutError } from './event-publisher';

/** A producer at the port: records each produce request and lets the test decide when it is acknowledged. */
class FakeProducer {
  requests: ProducerBatch[] = [];
  private acks: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  connect = async () => undefined;
  disconnect = async () => undefined;
  sendBatch = (batch: ProducerBatch) => {
    this.requests.push(batch);
    return new Promise<void>((resolve, reject) => this.acks.push({ resolve: () => resolve(), reject }));
  };
  ackNext() {
    this.acks.shift()?.resolve();
  }
  failNext(e: Error) {
    this.acks.shift()?.reject(e);
  }
}

const tick = () => new Promise((r) => setImmediate(r));
const msg = (n: number) => ({ topic: n % 2 ? 'a' : 'b', key: `k${n}`, value: `v${n}` });

describe('EventPublisher', () => {
  it('resolves a send only after the broker acknowledged it, with acks=all', async () => {
    const fake = new FakeProducer();
    const pub = new EventPublisher(fake, { maxBatch: 100, ackTimeoutMs: 1000 });
    let done = false;
    const p = pub.send(msg(1)).then(() => (done = true));
    await tick();
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].acks).toBe(-1);
    expect(done).toBe(false);
    fake.ackNext();
    await p;
    expect(done).toBe(true);
  });

  it('gathers what arrives during a request into the next one, one request in flight', async () => {
    const fake = new FakeProducer();
    const pub = new EventPublisher(fake, { maxBatch: 100, ackTimeoutMs: 1000 });
    const first = pub.send(msg(1));
    await tick();
    const rest = [2, 3, 4, 5].map((n) => pub.send(msg(n)));
    await tick();
    expect(fake.requests).toHaveLength(1);
    fake.ackNext();
    await first;
    await tick();
    expect(fake.requests).toHaveLength(2);
    const second = fake.requests[1].topicMessages!;
    expect(second.map((t) => t.topic).sort()).toEqual(['a', 'b']);
    expect(second.flatMap((t) => t.messages.map((m) => m.key)).sort()).toEqual(['k2', 'k3', 'k4', 'k5']);
    fake.ackNext();
    await Promise.all(rest);
  });

  it('rejects every message of a failed request', async () => {
    const fake = new FakeProducer();
    const pub = new EventPublisher(fake, { maxBatch: 100, ackTimeoutMs: 1000 });
    const p = pub.send(msg(1));
    await tick();
    fake.failNext(new Error('broker down'));
    await expect(p).rejects.toThrow('broker down');
  });

  it('times out a send and withdraws it when it was not yet handed to Kafka', async () => {
    const fake = new FakeProducer();
    const pub = new EventPublisher(fake, { maxBatch: 100, ackTimeoutMs: 50 });
    const first = pub.send(msg(1));
    await tick();
    const waiting = pub.send(msg(2));
    await expect(first).rejects.toBeInstanceOf(PublishTimeoutError);
    await expect(waiting).rejects.toBeInstanceOf(PublishTimeoutError);
    fake.ackNext();
    await tick();
    await tick();
    // The withdrawn message never reached the producer.
    expect(
      fake.requests.flatMap((r) => r.topicMessages!.flatMap((t) => t.messages.map((m) => m.key))),
    ).toEqual(['k1']);
  });

  it('never puts more than maxBatch messages in one request', async () => {
    const fake = new FakeProducer();
    const pub = new EventPublisher(fake, { maxBatch: 3, ackTimeoutMs: 1000 });
    const all = Array.from({ length: 7 }, (_, n) => pub.send(msg(n)));
    for (let i = 0; i < 4; i++) {
      await tick();
      fake.ackNext();
    }
    await Promise.all(all);
    expect(fake.requests.map((r) => r.topicMessages!.reduce((s, t) => s + t.messages.length, 0))).toEqual([
      1, 3, 3,
    ]);
  });
});
