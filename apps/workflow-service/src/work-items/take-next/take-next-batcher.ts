/** How calls of "take next" are grouped: a window, a most per flush, and transactions run at once. */
export interface BatchSettings {
  /** Calls that arrive within this window share a flush... */
  windowMs: number;
  /** ...of at most this many calls. */
  max: number;
  /** Groups (transactions) a flush runs at once; a call's lane is fixed by its key. */
  lanes: number;
}

export const TAKE_NEXT_BATCHING: BatchSettings = { windowMs: 2, max: 64, lanes: 4 };

interface Pending<T, R> {
  request: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/** The lane of a key: the same key always in the same lane. */
export const laneOf = (key: string, lanes: number): number =>
  [...key].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 0) % lanes;

/**
 * Group commit for "take next": calls that arrive together are handed on in groups, one group per
 * lane (one agent always in the same lane, so two takes of one agent never run in two concurrent
 * transactions), the groups at once. The group's work answers each call in order: a result, or an
 * Error that fails that call only; when the group's work itself fails, every call of it fails.
 */
export class TakeNextBatcher<T, R> {
  private pending: Array<Pending<T, R>> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly work: (group: T[]) => Promise<Array<R | Error>>,
    private readonly keyOf: (request: T) => string,
    private readonly settings: BatchSettings = TAKE_NEXT_BATCHING,
  ) {}

  submit(request: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      if (this.pending.length >= this.settings.max) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.settings.windowMs);
    });
  }

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    const groups = new Map<number, Array<Pending<T, R>>>();
    for (const p of batch) {
      const lane = laneOf(this.keyOf(p.request), this.settings.lanes);
      groups.set(lane, [...(groups.get(lane) ?? []), p]);
    }
    await Promise.all([...groups.values()].map((g) => this.run(g)));
  }

  private async run(group: Array<Pending<T, R>>): Promise<void> {
    let outcomes: Array<R | Error>;
    try {
      outcomes = await this.work(group.map((p) => p.request));
    } catch (e) {
      for (const p of group) p.reject(e);
      return;
    }
    group.forEach((p, i) => {
      const o = outcomes[i];
      if (o instanceof Error) p.reject(o);
      else p.resolve(o);
    });
  }
}
