import type { KioskBatchResponse, KioskItem, KioskItemResult } from '@city/contracts';
import { referenceFromKey } from '@city/domain-intake';
import { Outbox, retryDelayMs, type PendingRequest, type PendingStore } from './outbox';

const TENANT = 'default';
const DEVICE = 'kiosk-town-hall-01';
const referenceOf = (key: string, device = DEVICE) => referenceFromKey(TENANT, `kiosk:${device}:${key}`);

/** The device's storage, in memory (the port the kiosk's IndexedDB store implements). */
class MemoryStore implements PendingStore {
  readonly items = new Map<string, PendingRequest>();
  rejected = 0;
  async all() {
    return [...this.items.values()].map((p) => structuredClone(p));
  }
  async put(p: PendingRequest) {
    this.items.set(p.item.idempotencyKey, structuredClone(p));
  }
  async remove(keys: string[]) {
    for (const k of keys) this.items.delete(k);
  }
  async countRejected(n: number) {
    this.rejected += n;
  }
}

/**
 * The gateway's batch route as it behaves: one request per device and key (a repeat is answered
 * with the same reference and `duplicate: true`), a rejected item for what fails its rules, and
 * the faults a kiosk meets: no connection, an answer lost after the gateway took the batch, a 503.
 */
class FakeGateway {
  readonly created = new Map<string, string>();
  readonly calls: KioskItem[][] = [];
  fault: 'none' | 'unreachable' | 'answer-lost' | 'unavailable' = 'none';
  /** Keys the gateway cannot take this time (a 503 or 409 for that item). */
  failing = new Set<string>();
  /** Keys the gateway refuses (the item breaks the service's rules). */
  refusing = new Set<string>();

  send = async (batch: { batchId: string; items: KioskItem[] }): Promise<KioskBatchResponse> => {
    if (this.fault === 'unreachable') throw new TypeError('Failed to fetch');
    if (this.fault === 'unavailable') throw Object.assign(new Error('Kafka is unavailable'), { status: 503 });
    this.calls.push(batch.items);
    const results = batch.items.map((item, index): KioskItemResult => {
      const key = item.idempotencyKey;
      if (this.refusing.has(key))
        return {
          index,
          idempotencyKey: key,
          status: 'rejected',
          statusCode: 400,
          errors: [{ field: `items[${index}].attributes.bin-type`, reason: 'not one of the allowed values' }],
        };
      if (this.failing.has(key))
        return { index, idempotencyKey: key, status: 'failed', statusCode: 503, message: 'try later' };
      const duplicate = this.created.has(key);
      this.created.set(key, referenceOf(key));
      return { index, idempotencyKey: key, status: 'accepted', reference: referenceOf(key), duplicate };
    });
    const count = (s: string) => results.filter((r) => r.status === s).length;
    if (this.fault === 'answer-lost') throw new TypeError('network error: the connection closed');
    return {
      batchId: batch.batchId,
      deviceId: DEVICE,
      accepted: count('accepted'),
      rejected: count('rejected'),
      failed: count('failed'),
      results,
    };
  };
}

let n = 0;
const captured = (device = DEVICE): PendingRequest => {
  const key = `k-${String(++n).padStart(6, '0')}-${Math.random().toString(36).slice(2, 10)}`;
  return {
    deviceId: device,
    reference: referenceOf(key, device),
    item: {
      idempotencyKey: key,
      capturedAt: new Date(Date.UTC(2026, 10, 30, 9, 0, n)).toISOString(),
      serviceCode: 'missed-bin',
      description: `request ${n}`,
      attributes: { 'bin-type': 'recycling' },
    },
  };
};

describe("the kiosk's outbox", () => {
  let store: MemoryStore;
  let gateway: FakeGateway;
  let outbox: Outbox;
  beforeEach(() => {
    store = new MemoryStore();
    gateway = new FakeGateway();
    outbox = new Outbox(store, gateway.send, { batchMax: 200 });
  });

  it('uploads what was kept once the network is back; each becomes one request under the reference told', async () => {
    const kept = [captured(), captured()];
    for (const p of kept) await outbox.keep(p);
    gateway.fault = 'unreachable';
    const offline = await outbox.sync(DEVICE);
    expect(offline).toMatchObject({ sent: 0, left: 2 });
    expect(offline.error).toBeInstanceOf(TypeError);

    gateway.fault = 'none';
    expect(await outbox.sync(DEVICE)).toMatchObject({ sent: 2, accepted: 2, left: 0, mismatched: 0 });
    expect([...gateway.created.entries()].sort()).toEqual(
      kept.map((p) => [p.item.idempotencyKey, p.reference]).sort(),
    );
    // Nothing left: another run (a reload, the online event, the timer) sends nothing.
    expect(await outbox.sync(DEVICE)).toMatchObject({ sent: 0, left: 0 });
    expect(gateway.calls).toHaveLength(1);
  });

  it('an answer lost after the gateway took the batch: kept, sent again, and still one request each', async () => {
    const kept = [captured(), captured(), captured()];
    for (const p of kept) await outbox.keep(p);
    gateway.fault = 'answer-lost';
    expect(await outbox.sync(DEVICE)).toMatchObject({ sent: 0, left: 3 });
    expect(gateway.created.size).toBe(3);

    gateway.fault = 'none';
    expect(await outbox.sync(DEVICE)).toMatchObject({ accepted: 3, left: 0, mismatched: 0 });
    expect(gateway.calls).toHaveLength(2);
    // The gateway saw every item twice and made one request of each, under the reference told.
    expect(gateway.created.size).toBe(3);
    for (const p of kept) expect(gateway.created.get(p.item.idempotencyKey)).toBe(p.reference);
  });

  it('a 503 for the whole batch keeps everything; an item that failed alone stays, the rest leave', async () => {
    const [a, b, c] = [captured(), captured(), captured()];
    for (const p of [a, b, c]) await outbox.keep(p);
    gateway.fault = 'unavailable';
    expect(await outbox.sync(DEVICE)).toMatchObject({ sent: 0, left: 3 });

    gateway.fault = 'none';
    gateway.failing.add(b.item.idempotencyKey);
    expect(await outbox.sync(DEVICE)).toMatchObject({ accepted: 2, failed: 1, left: 1 });
    expect((await outbox.pending()).map((p) => p.item.idempotencyKey)).toEqual([b.item.idempotencyKey]);

    gateway.failing.clear();
    expect(await outbox.sync(DEVICE)).toMatchObject({ accepted: 1, left: 0 });
    expect(gateway.created.size).toBe(3);
  });

  it('a refused item leaves the device and is counted for staff', async () => {
    const [good, bad] = [captured(), captured()];
    await outbox.keep(good);
    await outbox.keep(bad);
    gateway.refusing.add(bad.item.idempotencyKey);
    expect(await outbox.sync(DEVICE)).toMatchObject({ accepted: 1, rejected: 1, left: 0 });
    expect(store.rejected).toBe(1);
    expect(await outbox.sync(DEVICE)).toMatchObject({ sent: 0 });
    expect(store.rejected).toBe(1);
  });

  it('sends at most the batch maximum a call, oldest first; a cut after the first call keeps the rest', async () => {
    const kept = Array.from({ length: 450 }, () => captured());
    for (const p of [...kept].reverse()) await outbox.keep(p);
    const calls: number[] = [];
    const cutAfterFirst = async (batch: { batchId: string; items: KioskItem[] }) => {
      calls.push(batch.items.length);
      if (calls.length > 1) throw new TypeError('Failed to fetch');
      return gateway.send(batch);
    };
    const flaky = new Outbox(store, cutAfterFirst, { batchMax: 200 });
    expect(await flaky.sync(DEVICE)).toMatchObject({ accepted: 200, left: 250 });
    expect(gateway.calls[0].map((i) => i.idempotencyKey)).toEqual(
      kept.slice(0, 200).map((p) => p.item.idempotencyKey),
    );
    expect(await outbox.sync(DEVICE)).toMatchObject({ accepted: 250, left: 0 });
    expect(gateway.calls.map((c) => c.length)).toEqual([200, 200, 50]);
    expect(gateway.created.size).toBe(450);
  });

  it('one run at a time: calls during a run share one more run, which takes what was kept meanwhile', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = async (batch: { batchId: string; items: KioskItem[] }) => {
      await gate;
      return gateway.send(batch);
    };
    outbox = new Outbox(store, slow);
    const first = captured();
    await outbox.keep(first);
    const a = outbox.sync(DEVICE);
    const later = captured();
    await outbox.keep(later);
    const b = outbox.sync(DEVICE);
    const c = outbox.sync(DEVICE);
    expect(c).toBe(b);
    release();
    expect(await a).toMatchObject({ accepted: 1 });
    expect(await b).toMatchObject({ accepted: 1, left: 0 });
    expect(gateway.calls.map((items) => items.map((i) => i.idempotencyKey))).toEqual([
      [first.item.idempotencyKey],
      [later.item.idempotencyKey],
    ]);
  });

  it("keeps another device's items for that device (its references depend on its id)", async () => {
    const other = captured('kiosk-library-02');
    const mine = captured();
    await outbox.keep(other);
    await outbox.keep(mine);
    expect(await outbox.sync(DEVICE)).toMatchObject({ accepted: 1, left: 0 });
    expect((await outbox.pending()).map((p) => p.deviceId)).toEqual(['kiosk-library-02']);
  });

  it('an answer that does not match its item is not trusted: the item stays', async () => {
    const p = captured();
    await outbox.keep(p);
    const confused = async (batch: { batchId: string; items: KioskItem[] }) => {
      const answer = await gateway.send(batch);
      return { ...answer, results: answer.results.map((r) => ({ ...r, idempotencyKey: 'someone-else' })) };
    };
    expect(await new Outbox(store, confused).sync(DEVICE)).toMatchObject({ sent: 0, left: 1 });
  });
});

describe('the retry delay', () => {
  it('doubles from 5 s to at most 5 minutes, spread by a fifth either way', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((a) => retryDelayMs(a, mid))).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000,
    ]);
    expect(retryDelayMs(0, () => 0)).toBe(4_000);
    expect(retryDelayMs(0, () => 1)).toBe(6_000);
  });
});
