/**
 * What a replay remembers of a partition of `<topic>.dlq`: its position is the first letter it left
 * behind (or where it stopped reading, if it left none), and this record, committed with the position
 * as the offset commit's metadata (one request, so the two never disagree), says how far it read and
 * which letters after the position it left behind too. Every other letter before `readTo` went back.
 */
const RECORD = /^dlq-replay\/1;to=(\d+);kept=([\d,-]*)$/;
/** Brokers refuse offset metadata longer than offset.metadata.max.bytes (4096 by default). */
export const MAX_RECORD_CHARS = 3000;

export interface ReplayRecord {
  readTo: bigint;
  kept: Array<[bigint, bigint]>;
}

export function readRecord(position: bigint, metadata: string | null | undefined): ReplayRecord | null {
  const m = RECORD.exec(metadata ?? '');
  if (!m) return null; // none yet, or committed by a replay that kept no record: every letter from the position is new
  const kept = m[2]
    ? m[2].split(',').map((r): [bigint, bigint] => {
        const [a, b = a] = r.split('-');
        return [position + BigInt(a), position + BigInt(b)];
      })
    : [];
  return { readTo: position + BigInt(m[1]), kept };
}

/** A letter an earlier replay put back: read by it, and not left behind. */
export const wentBack = (r: ReplayRecord | null, offset: bigint): boolean =>
  r !== null && offset < r.readTo && !r.kept.some(([a, b]) => a <= offset && offset <= b);

/** The letters of one partition this replay leaves behind, in offset order, as ranges relative to the first. */
export class LeftBehind {
  private readonly ranges: Array<[bigint, bigint]> = [];
  /** Characters of every range but the last, with their commas. */
  private closedChars = 0;

  get first(): bigint | undefined {
    return this.ranges[0]?.[0];
  }

  private text([a, b]: [bigint, bigint]): string {
    const base = this.first ?? a;
    return a === b ? `${a - base}` : `${a - base}-${b - base}`;
  }

  /** Adds a letter; false (and nothing added) when the record would not fit the offset commit any more. */
  add(offset: bigint, readTo: bigint): boolean {
    const last = this.ranges[this.ranges.length - 1];
    const next: [bigint, bigint] = last && last[1] + 1n === offset ? [last[0], offset] : [offset, offset];
    const closed =
      last && next[0] !== last[0] ? this.closedChars + this.text(last).length + 1 : this.closedChars;
    const base = this.first ?? offset;
    if (`dlq-replay/1;to=${readTo - base};kept=`.length + closed + this.text(next).length > MAX_RECORD_CHARS)
      return false;
    if (next[0] === last?.[0]) last[1] = offset;
    else {
      this.closedChars = closed;
      this.ranges.push(next);
    }
    return true;
  }

  /** The offset to commit and its record, once the partition was read up to `readTo`. */
  commit(readTo: bigint, previous: ReplayRecord | null): { offset: string; metadata: string | null } {
    const ranges = this.ranges.map(([a, b]): [bigint, bigint] => [a, b]);
    let to = readTo;
    if (previous && previous.readTo > readTo) {
      // Stopped before the end an earlier replay read to: what it remembered beyond this point still holds.
      for (const [a, b] of previous.kept.filter(([, b]) => b >= readTo)) {
        const last = ranges[ranges.length - 1];
        const from = a > readTo ? a : readTo;
        if (last && last[1] + 1n === from) last[1] = b;
        else ranges.push([from, b]);
      }
      to = previous.readTo;
    }
    const position = ranges[0]?.[0] ?? to;
    if (ranges.length === 0) return { offset: String(position), metadata: null };
    const kept = ranges
      .map(([a, b]) => (a === b ? `${a - position}` : `${a - position}-${b - position}`))
      .join(',');
    return { offset: String(position), metadata: `dlq-replay/1;to=${to - position};kept=${kept}` };
  }
}
