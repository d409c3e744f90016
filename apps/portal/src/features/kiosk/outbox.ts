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
    // After the run, whether it worked or threw (the store failed, say): a run that threw must not
    // leave this marker behind, or every later call would get its rejection and nothing would go up.
    const next = () => {
      this.queued = null;
      return this.sync(deviceId);
    };
    this.queued ??= this.running.then(next, next);
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

/** The timers an upload schedule sets: the browser's, or a test's own. */
export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const browserTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What the kiosk does around an upload (its screen says so). */
export interface UploadHooks {
  /** Whether the browser says it is online: while it is not, a try only sets the next one. */
  online(): boolean;
  /** An upload begins. */
  started?(): void;
  /** An upload ended: what it did, or why it stopped (`error`; a run that threw reports nothing sent). */
  ended?(result: SyncResult): void | Promise<void>;
}

/**
 * When a device's kept requests go up: now (at start, on the browser's `online` event, staff's
 * "Send now"), and again after `retryDelayMs` while tries fail or leave something kept, the delay
 * growing with each such try in a row. A try that throws (the device's storage failed, an answer it
 * could not read) sets the next try too: only a try that leaves nothing stops the timer.
 */
export class UploadSchedule {
  private attempt = 0;
  private timer: unknown = undefined;
  private stopped = false;

  constructor(
    private readonly outbox: Outbox,
    private readonly deviceId: string,
    private readonly hooks: UploadHooks,
    private readonly o: { timers?: Timers; random?: () => number } = {},
  ) {}

  /** A try now; `fresh` (the network is back, staff asked) starts the delay again from 5 s. Null if none ran. */
  async now(fresh = false): Promise<SyncResult | null> {
    if (fresh) this.attempt = 0;
    this.cancel();
    if (this.stopped) return null;
    if (!this.hooks.online()) {
      this.later();
      return null;
    }
    this.hooks.started?.();
    let result: SyncResult;
    let threw = false;
    try {
      result = await this.outbox.sync(this.deviceId);
    } catch (error) {
      threw = true;
      const left = await this.outbox.pending(this.deviceId).then(
        (p) => p.length,
        () => 0,
      );
      result = { sent: 0, accepted: 0, rejected: 0, failed: 0, left, mismatched: 0, error };
    }
    if (threw || result.left > 0) this.later();
    else this.attempt = 0;
    await this.hooks.ended?.(result);
    return result;
  }

  /** The next try, after a delay that grows while tries fail (a request just kept sets one too). */
  later(): void {
    this.cancel();
    if (this.stopped) return;
    const timers = this.o.timers ?? browserTimers;
    this.timer = timers.set(
      () => {
        this.timer = undefined;
        void this.now().catch(() => undefined);
      },
      retryDelayMs(this.attempt++, this.o.random),
    );
  }

  /** No more tries (the kiosk signed out, or another device signed in): a run under way still ends. */
  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  private cancel(): void {
    if (this.timer === undefined) return;
    (this.o.timers ?? browserTimers).clear(this.timer);
    this.timer = undefined;
  }
}
