import { Party } from './party.entity';
import { MAX_MERGE_HOPS, survivorOf } from './merge-chain';

const party = (id: string, mergedInto: string | null = null) =>
  Object.assign(new Party(), { id, mergedInto });

describe('following a merged record to its survivor', () => {
  const records = new Map<string, Party>();
  const read = async (id: string) => records.get(id) ?? null;
  beforeEach(() => records.clear());

  it('is the record itself when it was never merged, and the end of a chain when it was', async () => {
    for (const p of [party('a', 'b'), party('b', 'c'), party('c'), party('d')]) records.set(p.id, p);
    expect((await survivorOf(read, 'd'))?.id).toBe('d');
    expect((await survivorOf(read, 'a'))?.id).toBe('c');
    expect((await survivorOf(read, 'b'))?.id).toBe('c');
  });

  it('is null for an id that is not there, a chain that breaks, or one that loops', async () => {
    expect(await survivorOf(read, 'nobody')).toBeNull();
    records.set('a', party('a', 'gone'));
    expect(await survivorOf(read, 'a')).toBeNull();
    records.set('x', party('x', 'y'));
    records.set('y', party('y', 'x'));
    expect(await survivorOf(read, 'x')).toBeNull();
  });

  it(`reads at most ${MAX_MERGE_HOPS + 1} records`, async () => {
    const reads: string[] = [];
    records.set('x', party('x', 'x'));
    await survivorOf(async (id) => (reads.push(id), records.get(id) ?? null), 'x');
    expect(reads).toHaveLength(MAX_MERGE_HOPS + 1);
  });
});
