import { aLetter, InMemoryDeadLetters } from '../in-memory-dead-letters';
import { ListDeadLettersUseCase } from './list-dead-letters.usecase';

describe('listing the dead letters for operations', () => {
  const setup = async () => {
    const letters = new InMemoryDeadLetters();
    await letters.addNew([
      aLetter(0, 1),
      aLetter(0, 2, { replayedAt: new Date(Date.UTC(2026, 2, 3)), replayedBy: 'admin:admin-1' }),
      aLetter(0, 3),
      aLetter(0, 4, { topic: 'intake.requests.v1', consumerGroup: 'case-service.intake' }),
    ]);
    return { letters, list: new ListDeadLettersUseCase(letters) };
  };

  it('counts every topic of the platform, with zeros, and lists the newest first', async () => {
    const { list } = await setup();
    const r = await list.execute({ limit: 100 });
    expect(r.topics.map((t) => [t.topic, t.waiting, t.replayed])).toEqual([
      ['intake.requests.v1', 1, 0],
      ['catalogue.services.v1', 0, 0],
      ['agent.screenpops.v1', 0, 0],
      ['case.events.v1', 2, 1],
      ['workflow.events.v1', 0, 0],
      ['notification.events.v1', 0, 0],
      ['workforce.events.v1', 0, 0],
    ]);
    expect(r.topics.find((t) => t.topic === 'case.events.v1')!.newestFailedAt).toEqual(
      new Date(Date.UTC(2026, 2, 1, 9, 3)),
    );
    expect(r.letters.map((l) => `${l.topic} ${l.offset}`)).toEqual([
      'intake.requests.v1 4',
      'case.events.v1 3',
      'case.events.v1 2',
      'case.events.v1 1',
    ]);
  });

  it('narrows to one topic, to those put back or not, and to a number', async () => {
    const { list } = await setup();
    const waiting = await list.execute({ topic: 'case.events.v1', replayed: false, limit: 100 });
    expect(waiting.topics.map((t) => t.topic)).toEqual(['case.events.v1']);
    expect(waiting.letters.map((l) => l.offset)).toEqual(['3', '1']);
    const replayed = await list.execute({ topic: 'case.events.v1', replayed: true, limit: 100 });
    expect(replayed.letters.map((l) => [l.offset, l.replayedBy])).toEqual([['2', 'admin:admin-1']]);
    expect((await list.execute({ limit: 1 })).letters).toHaveLength(1);
  });
});
