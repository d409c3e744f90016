import { caseOpenedV1, type CaseOpenedV1 } from '@city/contracts';
import { repositoryCatalogue } from '@city/platform-testing';
import { FakeInbox, FakeTransaction, FixedClock } from '@city/platform-testing/fakes';
import { routingBookOf } from '../../routing/routing-book.fixture';
import { workflowsInMemory } from '../workflows-in-memory';
import { StartWorkflowUseCase } from './start-workflow.usecase';

const opened = (
  over: Partial<CaseOpenedV1['payload']> = {},
  eventId = caseOpenedV1.example.eventId,
): CaseOpenedV1 => ({
  ...caseOpenedV1.example,
  eventId,
  payload: { ...caseOpenedV1.example.payload, ...over },
});

describe('starting a new case’s workflow', () => {
  const setup = async (services = repositoryCatalogue()) => {
    const clock = new FixedClock(new Date('2026-11-27T09:15:03Z'));
    const w = await workflowsInMemory(clock, services);
    const tx = new FakeTransaction();
    const start = new StartWorkflowUseCase(tx, new FakeInbox(), w.catalogue, w.runner);
    return { ...w, tx, start };
  };

  it('runs its first steps: clocks, a queue, a message, in one transaction', async () => {
    const { start, items, runs, clocks, outbox, tx } = await setup();
    const e = opened();
    const result = await start.execute([e]);
    expect(result).toMatchObject({ started: 1, skipped: 0 });
    expect(tx.runs).toBe(1);
    expect(items.get(e.payload.caseId)).toMatchObject({ state: 'queued', reference: 'EA49-HVS1-TVR' });
    expect(runs.get(e.payload.caseId)).toMatchObject({ workflowId: 'field-report', status: 'waiting' });
    expect(result.clocks.map((c) => c.target)).toContain('resolution');
    expect(clocks.get(e.payload.caseId, 'resolution')).toMatchObject({ state: 'running' });
    expect(outbox.events().map((x) => x.type)).toEqual(
      expect.arrayContaining(['DueTimesSet', 'CaseRouted', 'CitizenNotificationRequested']),
    );
  });

  it('runs nothing for an event seen before, or for a duplicate report', async () => {
    const { start, items } = await setup();
    await start.execute([opened()]);
    expect(await start.execute([opened()])).toMatchObject({ started: 0, skipped: 1, clocks: [] });
    const dup = opened(
      {
        caseId: '7b2f0e2d-4c3b-4a59-8e7d-1f2a3b4c5d6e',
        duplicateOf: {
          caseId: caseOpenedV1.example.payload.caseId,
          reference: 'EA49-HVS1-TVR',
          distanceMetres: 4,
        },
      },
      '4e1d0b4f-3c9a-4b4b-8e66-8b2d3f5c7a21',
    );
    expect(await start.execute([dup])).toMatchObject({ started: 0, skipped: 1 });
    expect(items.get(dup.payload.caseId)).toBeUndefined();
  });

  it('waits for the catalogue: a service it has not delivered yet is unavailable, not refused', async () => {
    const { start, tx } = await setup([]);
    await expect(start.execute([opened()])).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'workflows.catalogue-not-ready',
    });
    expect(tx.runs).toBe(0);
  });
});

describe('a service one city hands to another (a shared service)', () => {
  const setup = async () => {
    const clock = new FixedClock(new Date('2026-11-27T09:15:03Z'));
    // The working city keeps other hours: the case runs on its own city's.
    const routing = routingBookOf(
      {
        'city-a': { handOver: [{ services: ['graffiti'], to: 'city-b' }] },
        'city-b': { takeOver: [{ from: 'city-a', services: ['graffiti'], queue: 'regional-graffiti' }] },
      },
      {
        'city-b': {
          id: 'city-b-hours',
          timeZone: 'Europe/Stockholm',
          week: { '1': [{ start: '07:00', end: '19:00' }], '2': [{ start: '07:00', end: '19:00' }] },
        },
      },
    );
    const w = await workflowsInMemory(clock, repositoryCatalogue(), {
      routing,
      served: ['city-a', 'city-b'],
    });
    const start = new StartWorkflowUseCase(new FakeTransaction(), new FakeInbox(), w.catalogue, w.runner);
    return { ...w, start, routing };
  };
  const report = (service: string) => ({
    ...opened({ service: { ...caseOpenedV1.example.payload.service, code: service } }),
    tenantId: 'city-a',
  });

  it("goes to the working city's queue, stays the first city's case, on its service level and calendar", async () => {
    const { start, items, clocks, outbox, routing } = await setup();
    const e = report('graffiti');
    await start.execute([e]);
    expect(items.get(e.payload.caseId)).toMatchObject({
      tenantId: 'city-a',
      workedBy: 'city-b',
      queue: 'regional-graffiti',
      state: 'queued',
    });
    expect(clocks.get(e.payload.caseId, 'resolution')).toMatchObject({
      tenantId: 'city-a',
      calendar: routing.of('city-a').calendar.id,
      state: 'running',
    });
    expect(routing.of('city-a').calendar.id).not.toBe(routing.of('city-b').calendar.id);
    const routed = outbox.events().find((x) => x.type === 'CaseRouted')!;
    expect(routed).toMatchObject({
      tenantId: 'city-a',
      payload: { queue: 'regional-graffiti', workedBy: 'city-b' },
    });
  });

  it('leaves the services it does not hand over with its own queues, saying nothing of who works them', async () => {
    const { start, items, outbox } = await setup();
    const e = report('pothole');
    await start.execute([e]);
    expect(items.get(e.payload.caseId)).toMatchObject({ tenantId: 'city-a', workedBy: 'city-a' });
    expect(outbox.events().find((x) => x.type === 'CaseRouted')!.payload).not.toHaveProperty('workedBy');
  });
});
