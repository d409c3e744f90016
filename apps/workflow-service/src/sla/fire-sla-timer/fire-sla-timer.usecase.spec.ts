import { repositoryCatalogue } from '@city/platform-testing';
import { FakeTransaction, FixedClock } from '@city/platform-testing/fakes';
import { escalationQueue } from '../../routing/routing-config';
import { workflowsInMemory } from '../../workflows/workflows-in-memory';
import { FireSlaTimerUseCase } from './fire-sla-timer.usecase';

const at = (iso: string) => new Date(iso);

describe('a timer going off', () => {
  const setup = async () => {
    const clock = new FixedClock(at('2026-03-04T12:00:00Z'));
    const w = await workflowsInMemory(clock, repositoryCatalogue());
    w.items.with({ caseId: 'c1', queue: 'highways', priority: 3, state: 'assigned', assignee: 'ann' });
    w.clocks.with(
      {
        caseId: 'c1',
        target: 'resolution',
        warnAt: at('2026-03-04T10:00:00Z'),
        dueAt: at('2026-03-05T10:00:00Z'),
      },
      {
        caseId: 'c1',
        target: 'first-response',
        warnAt: at('2026-03-03T10:00:00Z'),
        dueAt: at('2026-03-04T11:00:00Z'),
      },
      { caseId: 'c1', target: 'auto-close', dueAt: at('2026-03-04T11:30:00Z'), targetValue: 5 },
    );
    const fire = new FireSlaTimerUseCase(
      new FakeTransaction(),
      w.outbox,
      w.clocks,
      w.items,
      w.routing,
      clock,
      w.runner,
    );
    return { ...w, clock, fire };
  };

  it('warns at its share of the time, once', async () => {
    const { fire, clocks, outbox } = await setup();
    expect(await fire.execute('c1', 'resolution', 'warn')).toEqual({
      outcome: 'warned',
      arm: [],
      queue: 'highways',
    });
    expect(clocks.get('c1', 'resolution')).toMatchObject({
      state: 'warned',
      warnedAt: at('2026-03-04T12:00:00Z'),
    });
    expect(outbox.events('SlaWarning')[0].payload).toMatchObject({ caseId: 'c1', target: 'resolution' });
    expect((await fire.execute('c1', 'resolution', 'warn')).outcome).toBe('nothing-to-do');
  });

  it('does nothing before the time, or for a clock there is not', async () => {
    const { fire, clock, outbox } = await setup();
    clock.set('2026-03-04T09:00:00Z');
    expect((await fire.execute('c1', 'resolution', 'warn')).outcome).toBe('not-due');
    expect((await fire.execute('c1', 'resolution', 'breach')).outcome).toBe('not-due');
    expect((await fire.execute('c9', 'resolution', 'breach')).outcome).toBe('nothing-to-do');
    expect(outbox.items).toEqual([]);
  });

  it('on a breach escalates the work to the supervisors, one step more urgent, the missed warning first', async () => {
    const { fire, items, clocks, outbox, routing } = await setup();
    expect((await fire.execute('c1', 'first-response', 'breach')).outcome).toBe('breached');
    expect(items.get('c1')).toMatchObject({
      queue: escalationQueue(routing.of('default'), 'highways'),
      priority: 2,
      escalated: true,
      state: 'queued',
      assignee: null,
    });
    expect(clocks.get('c1', 'first-response')).toMatchObject({
      state: 'breached',
      warnedAt: at('2026-03-04T12:00:00Z'),
    });
    expect(outbox.events().map((e) => e.type)).toEqual(['SlaWarning', 'SlaBreached', 'CaseRouted']);
    expect(outbox.events('CaseRouted')[0].payload).toMatchObject({ rule: 'escalation:first-response' });
    // Escalated once: the next breach does not move it again.
    clocks.get('c1', 'resolution')!.state = 'warned';
    clocks.get('c1', 'resolution')!.dueAt = at('2026-03-04T11:00:00Z');
    await fire.execute('c1', 'resolution', 'breach');
    expect(items.get('c1')!.priority).toBe(2);
    expect(outbox.events('SlaBreached')[1].payload).toMatchObject({ escalatedTo: null });
  });

  it('the closing clock asks the case record to close the case', async () => {
    const { fire, clocks, outbox } = await setup();
    expect((await fire.execute('c1', 'auto-close', 'breach')).outcome).toBe('closing');
    expect(clocks.get('c1', 'auto-close')!.state).toBe('fired');
    expect(outbox.events('CaseCloseDue')[0].payload).toMatchObject({ period: '5 working-days' });
  });
});
