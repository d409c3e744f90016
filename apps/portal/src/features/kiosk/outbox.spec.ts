import type { KioskBatchResponse, KioskItem, KioskItemResult } from '@city/contracts';
import { referenceFromKey } from '@city/domain-intake';
import {
  Outbox,
  retryDelayMs,
  UploadSchedule,
  type PendingRequest,
  type PendingStore,
  type SyncResult,
  type Timers,
} from './outbox';

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
  /**
   * `unreadable`: the gateway takes the batch but the answer is not one the kiosk can read (no
   * results: a proxy's stray 200, say), which the outbox does not expect and throws on.
   */
  fault: 'none' | 'unreachable' | 'answer-lost' | 'unavailable' | 'unreadable' = 'none';
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
    if (this.fault === 'unreadable') return { batchId: batch.batchId } as unknown as KioskBatchResponse;
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

  it('a run that throws frees the way: a call made during it gets a run of its own, and so do later ones', async () => {
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    const slow = async (batch: { batchId: string; items: KioskItem[] }) => {
      await gate;
      return gateway.send(batch);
    };
    outbox = new Outbox(store, slow);
    const p = captured();
    await outbox.keep(p);
    gateway.fault = 'unreadable';
    const a = outbox.sync(DEVICE);
    const b = outbox.sync(DEVICE); // during the run that is about to throw
    release();
    await expect(a).rejects.toBeInstanceOf(TypeError);
    // b ran after a, on its own (the gateway still unreadable): it threw too, not with a's rejection.
    await expect(b).rejects.toBeInstanceOf(TypeError);
    expect(gateway.calls).toHaveLength(2);

    // The gateway is fine again; a call during the next run gets a new run, not an old rejection.
    gateway.fault = 'none';
    gate = new Promise<void>((r) => (release = r));
    const later = captured();
    const c = outbox.sync(DEVICE);
    await outbox.keep(later);
    const d = outbox.sync(DEVICE);
    release();
    expect(await c).toMatchObject({ accepted: 1 });
    expect(await d).toMatchObject({ accepted: 1, left: 0 });
    expect(gateway.created.size).toBe(2);
    expect(gateway.created.get(p.item.idempotencyKey)).toBe(p.reference);
    expect(await outbox.pending()).toEqual([]);
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

/** The schedule's timers, run by hand: each set is recorded with its delay, and fired when the test says. */
class ManualTimers implements Timers {
  private n = 0;
  readonly waiting = new Map<number, { run: () => void; ms: number }>();
  set = (run: () => void, ms: number) => {
    this.waiting.set(++this.n, { run, ms });
    return this.n;
  };
  clear = (handle: unknown) => void this.waiting.delete(handle as number);
  /** The delays of the timers set and not yet run nor cleared. */
  get delays() {
    return [...this.waiting.values()].map((t) => t.ms);
  }
  /** Runs the one timer waiting, as if its delay had passed. */
  fire() {
    expect(this.waiting.size).toBe(1);
    const [[id, t]] = this.waiting;
    this.waiting.delete(id);
    t.run();
  }
}

describe("the kiosk's upload schedule", () => {
  let store: MemoryStore;
  let gateway: FakeGateway;
  let timers: ManualTimers;
  let ended: SyncResult[];
  let schedule: UploadSchedule;
  /** Resolves when the next upload has ended (one the schedule's timer started). */
  let nextEnd: Promise<SyncResult>;
  let endNext: (r: SyncResult) => void;
  const awaitNextEnd = () => (nextEnd = new Promise((r) => (endNext = r)));
  beforeEach(() => {
    store = new MemoryStore();
    gateway = new FakeGateway();
    timers = new ManualTimers();
    ended = [];
    awaitNextEnd();
    const outbox = new Outbox(store, gateway.send, { batchMax: 200 });
    schedule = new UploadSchedule(
      outbox,
      DEVICE,
      {
        online: () => true,
        ended: (r) => {
          ended.push(r);
          endNext(r);
        },
      },
      { timers, random: () => 0.5 },
    );
  });

  it('a try that throws unexpectedly sets the next one, with the backoff; that one sends each item once', async () => {
    const kept = [captured(), captured()];
    for (const p of kept) await store.put(p);
    gateway.fault = 'unreadable';
    const first = await schedule.now();
    expect(first?.error).toBeInstanceOf(TypeError);
    expect(first).toMatchObject({ accepted: 0, left: 2 });
    // Still kept, and the next try is set: 5 s (the first failure in a row).
    expect((await store.all()).map((p) => p.item.idempotencyKey).sort()).toEqual(
      kept.map((p) => p.item.idempotencyKey).sort(),
    );
    expect(timers.delays).toEqual([5_000]);

    // It fails the same way again: the delay doubles.
    awaitNextEnd();
    timers.fire();
    expect((await nextEnd).error).toBeInstanceOf(TypeError);
    expect(timers.delays).toEqual([10_000]);

    // The gateway answers properly now: the timer's try sends both, and nothing is left to try.
    gateway.fault = 'none';
    awaitNextEnd();
    timers.fire();
    expect(await nextEnd).toMatchObject({ accepted: 2, left: 0, mismatched: 0, error: null });
    expect(timers.delays).toEqual([]);
    expect(await store.all()).toEqual([]);
    // The gateway saw the items three times and made one request of each, under the reference told.
    expect(gateway.calls).toHaveLength(3);
    expect(gateway.created.size).toBe(2);
    for (const p of kept) expect(gateway.created.get(p.item.idempotencyKey)).toBe(p.reference);
    expect(ended).toHaveLength(3);

    // The next failure starts from 5 s again.
    await store.put(captured());
    gateway.fault = 'unreadable';
    await schedule.now();
    expect(timers.delays).toEqual([5_000]);
  });

  it('offline, a try sends nothing and only sets the next; a stopped schedule sets none', async () => {
    const offline = new UploadSchedule(
      new Outbox(store, gateway.send),
      DEVICE,
      { online: () => false },
      { timers, random: () => 0.5 },
    );
    await store.put(captured());
    expect(await offline.now()).toBeNull();
    expect(timers.delays).toEqual([5_000]);
    expect(gateway.calls).toEqual([]);
    offline.stop();
    expect(timers.delays).toEqual([]);
    offline.later();
    expect(await offline.now()).toBeNull();
    expect(timers.delays).toEqual([]);
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
