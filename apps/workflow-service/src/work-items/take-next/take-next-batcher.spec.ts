import { laneOf, TakeNextBatcher } from './take-next-batcher';

describe('the take-next batcher', () => {
  it('hands calls that arrive together on in groups by lane, and answers each call', async () => {
    const groups: string[][] = [];
    const batcher = new TakeNextBatcher<string, string>(
      async (g) => {
        groups.push(g);
        return g.map((x) => (x === 'bad' ? new Error('refused') : x.toUpperCase()));
      },
      (x) => x,
      { windowMs: 5, max: 100, lanes: 2 },
    );
    const calls = ['a', 'b', 'c', 'bad'].map((x) => batcher.submit(x));
    const answers = await Promise.allSettled(calls);
    expect(answers.map((a) => (a.status === 'fulfilled' ? a.value : (a.reason as Error).message))).toEqual([
      'A',
      'B',
      'C',
      'refused',
    ]);
    expect(groups.flat().sort()).toEqual(['a', 'b', 'bad', 'c']);
    for (const g of groups) expect(new Set(g.map((x) => laneOf(x, 2))).size).toBe(1);
  });

  it('flushes at once when the batch is full', async () => {
    const sizes: number[] = [];
    const batcher = new TakeNextBatcher<number, number>(
      async (g) => {
        sizes.push(g.length);
        return g;
      },
      () => 'one lane',
      { windowMs: 60_000, max: 3, lanes: 4 },
    );
    expect(await Promise.all([1, 2, 3].map((x) => batcher.submit(x)))).toEqual([1, 2, 3]);
    expect(sizes).toEqual([3]);
  });

  it('fails every call of a group whose work fails', async () => {
    const batcher = new TakeNextBatcher<string, string>(
      async () => {
        throw new Error('database away');
      },
      () => 'k',
      { windowMs: 1, max: 10, lanes: 1 },
    );
    const answers = await Promise.allSettled([batcher.submit('x'), batcher.submit('y')]);
    expect(answers.map((a) => a.status)).toEqual(['rejected', 'rejected']);
  });
});
