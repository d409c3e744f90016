import type { TimelineEntry } from '../../shared/api/types';
import { byAnotherPerson, newSince, quietlySeen, seenNow } from './seen-changes';

const entry = (actor: string, summary: string, at = '2026-11-30T09:00:00.000Z'): TimelineEntry => ({
  kind: 'note-added',
  actor,
  channel: null,
  at,
  summary,
});

describe('what an agent must look at before their change is sent', () => {
  it('tells a colleague, a supervisor or the citizen from the services and the agent themself', () => {
    expect(byAnotherPerson(entry('agent:agent-18', 'x'), 'agent-17')).toBe(true);
    expect(byAnotherPerson(entry('supervisor:supervisor-1', 'x'), 'agent-17')).toBe(true);
    expect(byAnotherPerson(entry('citizen', 'x'), 'agent-17')).toBe(true);
    expect(byAnotherPerson(entry('agent:agent-17', 'x'), 'agent-17')).toBe(false);
    expect(byAnotherPerson(entry('workflow-service', 'x'), 'agent-17')).toBe(false);
    expect(byAnotherPerson(entry('service:notification-service', 'x'), 'agent-17')).toBe(false);
  });

  it("moves on quietly past the services' entries, even one that lands earlier on the timeline", () => {
    const first = [entry('case-service', 'created', '2026-11-30T08:00:00.000Z')];
    const seen = seenNow(1, first);
    // A fact folded late carries its own (earlier) time and sorts before what was there.
    const later = [entry('workflow-service', 'Routed', '2026-11-30T07:59:00.000Z'), ...first];
    expect(newSince(seen, later).map((e) => e.summary)).toEqual(['Routed']);
    expect(quietlySeen(seen, 2, later, 'agent-17')).toEqual(seenNow(2, later));
  });

  it('holds the version seen when another person changed the case, until the agent looks', () => {
    const first = [entry('case-service', 'created')];
    const seen = seenNow(1, first);
    const changed = [
      ...first,
      entry('agent:agent-18', 'Internal note: called back', '2026-11-30T10:00:00.000Z'),
    ];
    expect(quietlySeen(seen, 2, changed, 'agent-17')).toBeNull();
    expect(quietlySeen(seen, 1, first, 'agent-17')).toBeNull(); // nothing new: nothing to move
  });
});
