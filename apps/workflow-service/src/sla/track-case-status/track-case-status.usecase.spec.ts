import {
  caseChangedV1,
  caseOpenedV1,
  type CaseChangedV1,
  type CaseCloseScheduledV1,
  type ServiceDefinition,
} from '@city/contracts';
import { repositoryCatalogue } from '@city/platform-testing';
import { FakeInbox, FakeTransaction, FixedClock } from '@city/platform-testing/fakes';
import { workflowsInMemory } from '../../workflows/workflows-in-memory';
import { TrackCaseStatusUseCase } from './track-case-status.usecase';

const opened = caseOpenedV1.example;
const caseId = opened.payload.caseId;
let n = 0;
const changed = (from: string, to: string, at: string): CaseChangedV1 =>
  ({
    ...caseChangedV1.example,
    eventId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    payload: { ...caseChangedV1.example.payload, change: 'status-changed', caseId, from, to, at },
  }) as CaseChangedV1;

describe("following a case's status", () => {
  const setup = async (services: ServiceDefinition[] = repositoryCatalogue()) => {
    const clock = new FixedClock(new Date('2026-11-27T09:15:03Z'));
    const w = await workflowsInMemory(clock, services);
    await w.runner.start([opened]); // the case's workflow runs: clocks, a queue, waiting for "resolved"
    w.outbox.items.length = 0;
    const track = new TrackCaseStatusUseCase(
      new FakeTransaction(),
      new FakeInbox(),
      w.outbox,
      w.clocks,
      w.items,
      w.routing,
      clock,
      w.runner,
    );
    return { ...w, clock, track };
  };

  it('stands the clocks still while the case waits for the citizen, and runs them on after, due later', async () => {
    const { track, clocks, items, outbox } = await setup();
    const dueBefore = clocks.get(caseId, 'resolution')!.dueAt!;
    expect(
      await track.execute(changed('in-progress', 'waiting-for-citizen', '2026-11-30T09:00:00Z')),
    ).toEqual({
      arm: [],
      disarm: ['first-response', 'resolution'],
    });
    expect(clocks.get(caseId, 'resolution')).toMatchObject({ state: 'paused', dueAt: null });
    const { arm } = await track.execute(
      changed('waiting-for-citizen', 'in-progress', '2026-12-01T09:00:00Z'),
    );
    const resolution = clocks.get(caseId, 'resolution')!;
    expect(resolution.state).toBe('running');
    expect(resolution.dueAt!.getTime()).toBeGreaterThan(dueBefore.getTime());
    expect(arm.map((c) => c.target)).toContain('resolution');
    expect(items.get(caseId)!.resolutionDueAt).toEqual(resolution.dueAt);
    expect(outbox.events('DueTimesSet')[0].payload).toMatchObject({
      resolutionDueAt: resolution.dueAt!.toISOString(),
    });
  });

  it('on resolution: the work is done, the clocks stand still, and the closing clock starts', async () => {
    const { track, clocks, items, runs, outbox } = await setup();
    const { arm, disarm } = await track.execute(changed('in-progress', 'resolved', '2026-11-30T09:00:00Z'));
    expect(items.get(caseId)!.state).toBe('done');
    expect(clocks.get(caseId, 'resolution')!.state).toBe('paused');
    expect(clocks.get(caseId, 'auto-close')).toMatchObject({
      state: 'running',
      startedAt: new Date('2026-11-30T09:00:00Z'),
    });
    expect(arm[0].target).toBe('auto-close');
    expect(disarm).toEqual(['first-response', 'resolution', 'workflow-wake']);
    expect(runs.get(caseId)!.status).toBe('done');
    expect(outbox.events('CitizenNotificationRequested')).toHaveLength(1); // the workflow's last message
    // A pothole has no period of its own: the city's five working days (Monday 10:00 local to Monday).
    expect(outbox.events<CaseCloseScheduledV1>('CaseCloseScheduled').map((e) => e.payload)).toEqual([
      expect.objectContaining({
        caseId,
        resolvedAt: '2026-11-30T09:00:00.000Z',
        closesAt: '2026-12-07T09:00:00.000Z',
        period: '5 working-days',
      }),
    ]);
    expect(clocks.get(caseId, 'auto-close')!.dueAt).toEqual(new Date('2026-12-07T09:00:00Z'));
  });

  it("closes a service's case after the service's own period (reopenWithin), not the city's", async () => {
    const sixWeeks = repositoryCatalogue().map((s) =>
      s.code === 'pothole' ? { ...s, reopenWithin: { value: 42, unit: 'calendar-days' as const } } : s,
    );
    const { track, clocks, outbox } = await setup(sixWeeks);
    const { arm } = await track.execute(changed('in-progress', 'resolved', '2026-11-30T09:00:00Z'));
    expect(arm[0]).toMatchObject({
      target: 'auto-close',
      targetValue: 42,
      targetUnit: 'calendar-days',
      dueAt: new Date('2027-01-11T09:00:00Z'),
    });
    expect(clocks.get(caseId, 'auto-close')!.dueAt).toEqual(new Date('2027-01-11T09:00:00Z'));
    expect(outbox.events<CaseCloseScheduledV1>('CaseCloseScheduled')[0].payload).toMatchObject({
      resolvedAt: '2026-11-30T09:00:00.000Z',
      closesAt: '2027-01-11T09:00:00.000Z',
      period: '42 calendar-days',
    });
  });

  it('reopened before it closed: the closing stops and the work is queued again', async () => {
    const { track, clocks, items, outbox } = await setup();
    await track.execute(changed('in-progress', 'resolved', '2026-11-30T09:00:00Z'));
    const { disarm } = await track.execute(changed('resolved', 'in-progress', '2026-12-01T09:00:00Z'));
    expect(disarm).toEqual(['auto-close']);
    expect(clocks.get(caseId, 'auto-close')!.state).toBe('stopped');
    expect(clocks.get(caseId, 'resolution')!.state).toBe('running');
    expect(items.get(caseId)).toMatchObject({ state: 'queued', assignee: null });
    // The case record hears that the close is called off: no time any more, for that resolution.
    expect(
      outbox
        .events<CaseCloseScheduledV1>('CaseCloseScheduled')
        .map((e) => [e.payload.resolvedAt, e.payload.closesAt]),
    ).toEqual([
      ['2026-11-30T09:00:00.000Z', '2026-12-07T09:00:00.000Z'],
      ['2026-11-30T09:00:00.000Z', null],
    ]);
  });

  it('when the case ends otherwise, everything stops, once', async () => {
    const { track, clocks, runs, outbox } = await setup();
    const withdrawn = changed('in-progress', 'withdrawn', '2026-11-30T09:00:00Z');
    expect((await track.execute(withdrawn)).disarm).toEqual([
      'first-response',
      'resolution',
      'auto-close',
      'workflow-wake',
    ]);
    expect(clocks.get(caseId, 'resolution')!.state).toBe('stopped');
    expect(runs.get(caseId)!.status).toBe('done');
    expect(await track.execute(withdrawn)).toEqual({ arm: [], disarm: [] });
    expect(outbox.events('CaseCloseScheduled')).toEqual([]);
  });
});
