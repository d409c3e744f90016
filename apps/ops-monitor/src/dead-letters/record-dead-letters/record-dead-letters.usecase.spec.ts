import { FakeTransaction } from '@city/platform-testing/fakes';
import { aLetter, InMemoryDeadLetters } from '../in-memory-dead-letters';
import { RecordDeadLettersUseCase } from './record-dead-letters.usecase';

describe('keeping the dead letters read from the dead-letter topics', () => {
  const setup = () => {
    const letters = new InMemoryDeadLetters();
    const tx = new FakeTransaction();
    return { letters, tx, record: new RecordDeadLettersUseCase(tx, letters) };
  };
  const incoming = (partition: number, offset: number, over = {}) => ({
    ...aLetter(partition, offset),
    replayOfAt: null,
    ...over,
  });

  it('keeps each letter once, also when the topic is read again after a restart', async () => {
    const { letters, tx, record } = setup();
    expect(await record.execute([incoming(0, 1), incoming(0, 2)])).toEqual({ added: 2 });
    expect(await record.execute([incoming(0, 2), incoming(0, 3)])).toEqual({ added: 1 });
    expect([...letters.rows.values()].map((l) => l.offset)).toEqual(['1', '2', '3']);
    expect(tx.runs).toBe(2);
  });

  it('learns from a repeat that the letter it repeats was put back, when its own record does not say so', async () => {
    const { letters, record } = setup();
    await record.execute([incoming(0, 1)]);
    const putBackAt = new Date(Date.UTC(2026, 2, 2, 8));
    await record.execute([incoming(0, 7, { replayOf: '0/1', replayOfAt: putBackAt })]);
    expect(letters.get('case.events.v1', '0/1')).toMatchObject({ replayedAt: putBackAt, replayedBy: null });
    expect(letters.get('case.events.v1', '0/7')).toMatchObject({ replayOf: '0/1', replayedAt: null });
  });

  it('leaves the record of a replay it made itself as it was', async () => {
    const { letters, record } = setup();
    const at = new Date(Date.UTC(2026, 2, 2, 8));
    await letters.addNew([aLetter(0, 1, { replayedAt: at, replayedBy: 'admin:admin-1', replayId: 'r1' })]);
    await record.execute([
      incoming(0, 7, { replayOf: '0/1', replayOfAt: new Date(Date.UTC(2026, 2, 2, 9)) }),
    ]);
    expect(letters.get('case.events.v1', '0/1')).toMatchObject({
      replayedAt: at,
      replayedBy: 'admin:admin-1',
    });
  });

  it('does nothing for nothing', async () => {
    const { tx, record } = setup();
    expect(await record.execute([])).toEqual({ added: 0 });
    expect(tx.runs).toBe(0);
  });
});
