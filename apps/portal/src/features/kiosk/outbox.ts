import { KIOSK_BATCH_MAX, type KioskBatchResponse, type KioskItem } from '@city/contracts';

/**
 * A request a kiosk captured while it could not reach the gateway, kept on the device until the
 * gateway has answered for it. Its reference was told to the citizen at once: the gateway derives
 * the same one from the device, the tenant and the item's idempotency key.
 */
export interface PendingRequest {
  /** The device that captured it: only that device's token may send it (its reference depends on it). */
  deviceId: string;
  reference: string;
  item: KioskItem;
}

/** Where a kiosk keeps what it could not send (IndexedDB on a kiosk, memory in tests), by the item's key. */
export interface PendingStore {
  all(): Promise<PendingRequest[]>;
  put(p: PendingRequest): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /** Counts requests the gateway refused (for staff: the citizen was told a reference that never became a case). */
  countRejected(n: number): Promise<void>;
}

/**
 * Sends one batch to `POST /api/v1/kiosk/batches`; throws when the gateway could not be reached or
 * took none of it (a network failure, a 503): then every item of the batch is kept for the next try.
 */
export type SendBatch = (batch: { batchId: string; items: KioskItem[] }) => Promise<KioskBatchResponse>;

export interface SyncResult {
  /** Items the gateway answered for. */
  sent: number;
  accepted: number;
  rejected: number;
  /** Items the gateway could not take this time (kept). */
  failed: number;
  /** This device's items still kept after the run. */
  left: number;
  /** Accepted under another reference than the one the citizen was told (never expected). */
  mismatched: number;
  /** Why the run stopped early (the network, a 503), if it did. */
  error: unknown;
}

const keyOf = (p: PendingRequest) => p.item.idempotencyKey;

/**
 * The kiosk's outbox: requests kept while offline, uploaded in batches when the network is back.
 * An item leaves the device only once the gateway has answered for it (accepted, or refused for
 * good); whatever else happens (no answer, a cut connection, a 503, an item the gateway could not
 * take) it stays for the next run. Sending an item twice is safe: the gateway makes one request per
 * idempotency key and answers a repeat with the same reference (`duplicate: true`).
 */
export class Outbox {
  private running: Promise<SyncResult> | null = null;
  private queued: Promise<SyncResult> | null = null;

  constructor(
    private readonly store: PendingStore,
    private readonly send: SendBatch,
    private readonly o: { batchMax?: number; now?: () => Date } = {},
  ) {}

  /** Keeps a request on the device; resolves once it is stored (only then is the citizen told its reference). */
  keep(p: PendingRequest): Promise<void> {
    return this.store.put(p);
  }

  async pending(deviceId?: string): Promise<PendingRequest[]> {
    const all = await this.store.all();
    return deviceId === undefined ? all : all.filter((p) => p.deviceId === deviceId);
  }

  /**
   * Uploads what this device kept, at most `batchMax` a call, oldest first. One run at a time: a
   * call during a run gets the run after it (so what was kept meanwhile goes too), and every call
   * made during the same run shares that one.
   */
  sync(deviceId: string): Promise<SyncResult> {
    if (!this.running) {
      this.running = this.run(deviceId).finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.sync(deviceId);
    });
    return this.queued;
  }

  private async run(deviceId: string): Promise<SyncResult> {
    const max = this.o.batchMax ?? KIOSK_BATCH_MAX;
    const mine = (await this.pending(deviceId)).sort((a, b) =>
      a.item.capturedAt < b.item.capturedAt ? -1 : a.item.capturedAt > b.item.capturedAt ? 1 : 0,
    );
    const r: SyncResult = {
      sent: 0,
      accepted: 0,
      rejected: 0,
      failed: 0,
      left: 0,
      mismatched: 0,
      error: null,
    };
    for (let start = 0; start < mine.length; start += max) {
      const chunk = mine.slice(start, start + max);
      const at = (this.o.now?.() ?? new Date()).toISOString();
      let answer: KioskBatchResponse;
      try {
        answer = await this.send({
          batchId: `${deviceId}@${at}`.slice(0, 128),
          items: chunk.map((p) => p.item),
        });
      } catch (e) {
        r.error = e;
        break;
      }
      const done: string[] = [];
      let rejected = 0;
      for (const result of answer.results) {
        const p = chunk[result.index];
        // An answer must be for the item at its index; anything else is kept for the next run.
        if (!p || (result.idempotencyKey !== null && result.idempotencyKey !== keyOf(p))) continue;
        r.sent++;
        if (result.status === 'accepted') {
          done.push(keyOf(p));
          r.accepted++;
          if (result.reference !== p.reference) r.mismatched++;
        } else if (result.status === 'rejected') {
          done.push(keyOf(p));
          rejected++;
        } else r.failed++;
      }
      await this.store.remove(done);
      if (rejected > 0) await this.store.countRejected(rejected);
      r.rejected += rejected;
    }
    r.left = (await this.pending(deviceId)).length;
    return r;
  }
}

/**
 * How long to wait before the next try after a failed one (the `attempt`-th in a row, from 0):
 * doubling from 5 s to at most 5 minutes, each spread by up to a fifth either way so that the
 * kiosks of a city do not all come back at the same second after an outage.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, attempt), 300_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}
