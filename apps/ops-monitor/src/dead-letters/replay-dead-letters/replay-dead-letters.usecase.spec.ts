import { DomainError } from '@city/contracts';
import { FakeTransaction } from '@city/platform-testing/fakes';
import { aLetter, FakeReplayer, InMemoryDeadLetters } from '../in-memory-dead-letters';
import { ReplayDeadLettersUseCase } from './replay-dead-letters.usecase';

const topic = 'case.events.v1';
const admin = { actor: 'admin:admin-1', actorSubject: 'sub-admin-1' };

describe('putting dead letters back, for an administrator', () => {
  const setup = async () => {
    const letters = new InMemoryDeadLetters();
    await letters.addNew([
      aLetter(0, 1),
      aLetter(0, 2),
      aLetter(0, 3, { replayedAt: new Date(Date.UTC(2026, 2, 2)), replayedBy: 'admin:admin-2' }),
      aLetter(0, 4, { topic: 'workflow.events.v1' }),
    ]);
    const tx = new FakeTransaction();
    const replayer = new FakeReplayer();
    return { letters, tx, replayer, replay: new ReplayDeadLettersUseCase(tx, letters, replayer) };
  };
  const refusal = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  };

  it('puts back the letters asked for and records who did it, when, in which replay', async () => {
    const { letters, tx, replayer, replay } = await setup();
    const r = await replay.execute({ topic, ids: ['0/2'], ...admin });
    expect(replayer.asked).toEqual([{ topic, ids: ['0/2'] }]);
    expect(r).toMatchObject({ topic, by: 'admin:admin-1', replayed: ['0/2'], skipped: [] });
    expect(letters.get(topic, '0/2')).toMatchObject({
      replayedAt: r.at,
      replayedBy: 'admin:admin-1',
      replayId: r.replayId,
    });
    expect(letters.get(topic, '0/1')!.replayedAt).toBeNull();
    expect(letters.replays).toEqual([
      {
        id: r.replayId,
        topic,
        at: r.at,
        actor: 'admin:admin-1',
        actorSubject: 'sub-admin-1',
        requested: ['0/2'],
        outcomes: { '0/2': 'replayed' },
      },
    ]);
    // Replays of a topic take turns.
    expect(tx.locked).toEqual([[`ops-dead-letters.replay:${topic}`]]);
  });

  it('without ids, puts back every letter of the topic still waiting, and no other topic’s', async () => {
    const { replayer, replay } = await setup();
    const r = await replay.execute({ topic, ...admin });
    expect(replayer.asked).toEqual([{ topic, ids: ['0/1', '0/2'] }]);
    expect(r.replayed).toEqual(['0/1', '0/2']);
    expect(r.skipped).toEqual([]);
  });

  it('skips one already put back and says so, putting back the others', async () => {
    const { replayer, replay } = await setup();
    const r = await replay.execute({ topic, ids: ['0/3', '0/1'], ...admin });
    expect(replayer.asked).toEqual([{ topic, ids: ['0/1'] }]);
    expect(r.replayed).toEqual(['0/1']);
    expect(r.skipped).toEqual([
      {
        id: '0/3',
        reason: 'already-replayed',
        message: '0/3 was put back at 2026-03-02T00:00:00.000Z by admin:admin-2.',
      },
    ]);
  });

  it('refuses with a conflict when every letter asked for was put back already, and puts back nothing', async () => {
    const { letters, replayer, replay } = await setup();
    const e = await refusal(replay.execute({ topic, ids: ['0/3'], ...admin }));
    expect(e).toMatchObject({ kind: 'conflict', code: 'dead-letter.already-replayed' });
    expect(e.message).toContain('0/3 was put back at 2026-03-02T00:00:00.000Z by admin:admin-2.');
    expect(replayer.asked).toEqual([]);
    expect(letters.replays).toEqual([]);
  });

  it('refuses with a conflict when nothing of the topic waits', async () => {
    const { replay } = await setup();
    await replay.execute({ topic, ...admin });
    const e = await refusal(replay.execute({ topic, ...admin }));
    expect(e).toMatchObject({ kind: 'conflict', code: 'dead-letter.none-waiting' });
  });

  it('refuses letters it does not know (another topic’s too), naming them, and puts back nothing', async () => {
    const { replayer, replay } = await setup();
    const e = await refusal(replay.execute({ topic, ids: ['0/1', '0/4', '3/9'], ...admin }));
    expect(e).toMatchObject({
      kind: 'not-found',
      code: 'dead-letter.not-found',
      fields: [{ field: 'ids', reason: `not dead letters of ${topic}: 0/4, 3/9` }],
    });
    expect(replayer.asked).toEqual([]);
  });

  it('records letters put back outside it, or gone from the topic, as such, and says why they did not go back now', async () => {
    const { letters, replayer, replay } = await setup();
    replayer.outcomes.set('0/1', 'replayed-before');
    replayer.outcomes.set('0/2', 'expired');
    const r = await replay.execute({ topic, ...admin });
    expect(r.replayed).toEqual([]);
    expect(r.skipped.map((s) => [s.id, s.reason])).toEqual([
      ['0/1', 'replayed-before'],
      ['0/2', 'expired'],
    ]);
    expect(r.skipped[0].message).toMatch(/npm run dlq:replay/);
    expect(letters.get(topic, '0/1')).toMatchObject({ replayedAt: r.at, replayedBy: null });
    expect(letters.get(topic, '0/2')).toMatchObject({ replayedAt: null, expiredAt: r.at });
    expect(letters.replays[0].outcomes).toEqual({ '0/1': 'replayed-before', '0/2': 'expired' });
    // Neither is offered again.
    await expect(replay.execute({ topic, ...admin })).rejects.toMatchObject({
      code: 'dead-letter.none-waiting',
    });
  });

  it('leaves a letter the replay did not reach waiting, for the next one', async () => {
    const { letters, replayer, replay } = await setup();
    replayer.outcomes.set('0/2', 'not-reached');
    const r = await replay.execute({ topic, ...admin });
    expect(r.replayed).toEqual(['0/1']);
    expect(r.skipped.map((s) => s.reason)).toEqual(['not-reached']);
    expect(letters.get(topic, '0/2')).toMatchObject({ replayedAt: null, expiredAt: null });
  });

  it('records nothing when the replay fails (another under way, the broker away)', async () => {
    const { letters, replayer, replay } = await setup();
    replayer.failWith = DomainError.conflict('dead-letter.replay-under-way', 'Another replay is under way.');
    await expect(replay.execute({ topic, ...admin })).rejects.toMatchObject({
      code: 'dead-letter.replay-under-way',
    });
    expect(letters.replays).toEqual([]);
    expect(letters.get(topic, '0/1')!.replayedAt).toBeNull();
  });
});
