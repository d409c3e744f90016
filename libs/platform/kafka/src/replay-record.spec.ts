import { LeftBehind, MAX_RECORD_CHARS, readRecord, wentBack } from './replay-record';

/** What a dead-letter replay remembers of a partition, in its offset commit: the letters it left behind. */
describe('replay record', () => {
  const offsets = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => BigInt(from + i));

  it('commits the position at the first letter left behind and remembers the others, so only those are weighed again', () => {
    const left = new LeftBehind();
    for (const o of [5n, 6n, 7n, 10n]) expect(left.add(o, 12n)).toBe(true);
    const commit = left.commit(12n, null);
    expect(commit).toEqual({ offset: '5', metadata: 'dlq-replay/1;to=7;kept=0-2,5' });

    const record = readRecord(BigInt(commit.offset), commit.metadata);
    expect(offsets(5, 14).filter((o) => wentBack(record, o))).toEqual([8n, 9n, 11n]); // 12 and on are new
  });

  it('nothing left behind: the position passes everything read, with no record', () => {
    expect(new LeftBehind().commit(12n, null)).toEqual({ offset: '12', metadata: null });
    // A position committed without a record (by an older replay) counts nothing after it as gone back.
    expect(
      offsets(12, 15).some((o) => wentBack(readRecord(12n, null), o) || wentBack(readRecord(12n, ''), o)),
    ).toBe(false);
  });

  it('a replay that stopped early keeps what the earlier one remembered beyond that point', () => {
    const previous = readRecord(3n, 'dlq-replay/1;to=17;kept=0,12-13')!; // read to 20, left 3, 15 and 16
    const left = new LeftBehind();
    left.add(3n, 20n); // 3 skipped again, 4 to 7 passed over; then a letter failed to go back at 8
    const commit = left.commit(8n, previous);
    const record = readRecord(BigInt(commit.offset), commit.metadata);
    expect(commit.offset).toBe('3');
    expect(offsets(3, 22).filter((o) => !wentBack(record, o))).toEqual([3n, 15n, 16n, 20n, 21n]);
  });

  it('refuses a letter once the record would not fit an offset commit, and what it holds stays readable', () => {
    const left = new LeftBehind();
    let o = 1_000_000n;
    while (left.add(o, 2_000_000n)) o += 2n; // every other letter left behind: the worst case
    const commit = left.commit(o, null);
    expect(commit.metadata!.length).toBeLessThanOrEqual(MAX_RECORD_CHARS);
    const record = readRecord(BigInt(commit.offset), commit.metadata);
    expect(wentBack(record, o - 2n)).toBe(false);
    expect(wentBack(record, o - 1n)).toBe(true);
  });
});
