import { randomUUID } from 'node:crypto';
import {
  caseAssignedV1,
  caseCloseDueV1,
  caseCloseScheduledV1,
  caseRoutedV1,
  casePrioritySetExample,
  informationRequestedV1,
  type CaseChangedV1,
  type WorkflowFactV1,
} from '@city/contracts';
import { FakeInbox } from '@city/platform-testing/fakes';
import { recordFixture, ref } from '../../record/record-fixture';
import { FoldWorkflowFactUseCase } from './fold-workflow-fact.usecase';

/** A contract's example fact about this case, with a fresh event id. */
const fact = (
  contract: { example: unknown },
  caseId: string,
  payload: Record<string, unknown> = {},
): WorkflowFactV1 => {
  const e = contract.example as WorkflowFactV1;
  return { ...e, eventId: randomUUID(), payload: { ...e.payload, caseId, ...payload } } as WorkflowFactV1;
};

describe("folding the workflow's facts into the record", () => {
  const setup = (status: 'received' | 'open' | 'resolved' | 'closed' = 'received') => {
    const f = recordFixture();
    const c = f.record.addCase({ reference: ref('a'), status });
    return {
      ...f,
      c,
      fold: new FoldWorkflowFactUseCase(f.tx, new FakeInbox(), f.record.caseRepository, f.history),
    };
  };

  it('routes a received case: queue and priority set, and it is open, as the lifecycle allows', async () => {
    const { record, c, fold } = setup();
    expect(await fold.execute(fact(caseRoutedV1, c.id))).toBe('folded');
    expect(record.caseOf(ref('a'))).toMatchObject({ queue: 'highways-north', priority: 2, status: 'open' });
    expect(record.timelineOf(c.id).map((t) => t.kind)).toEqual(['routed']);
  });

  it("notes another city working the case when the workflow routes it to that city's queue", async () => {
    const { record, c, fold } = setup();
    await fold.execute(fact(caseRoutedV1, c.id, { queue: 'regional-graffiti', workedBy: 'other-city' }));
    expect(record.caseOf(ref('a'))).toMatchObject({ queue: 'regional-graffiti', workedBy: 'other-city' });
    expect(record.timelineOf(c.id).map((t) => t.summary)).toEqual([
      'Routed to regional-graffiti of other-city at priority 2 (hazard-on-carriageway)',
    ]);
    await fold.execute(fact(caseRoutedV1, c.id, { queue: 'highways' }));
    expect(record.caseOf(ref('a'))).toMatchObject({ queue: 'highways', workedBy: null });
  });

  it("shows a supervisor's priority change as such on the timeline, with its reason", async () => {
    const { record, c, fold } = setup('open');
    await fold.execute(fact({ example: casePrioritySetExample }, c.id));
    expect(record.caseOf(ref('a'))!.priority).toBe(1);
    expect(record.timelineOf(c.id).map((t) => t.summary)).toEqual([
      'Priority set to 1 by supervisor:supervisor-3: Councillor enquiry',
    ]);
  });

  it('names the person behind an assignment or a priority change on the timeline, the workflow otherwise', async () => {
    const { record, c, fold } = setup('open');
    await fold.execute(
      fact(caseAssignedV1, c.id, { by: 'reassigned:supervisor:supervisor-1', assignee: 'agent-18' }),
    );
    await fold.execute(fact(caseAssignedV1, c.id, { by: 'take-next:agent:agent-17', assignee: 'agent-17' }));
    await fold.execute(fact(caseAssignedV1, c.id, { by: 'take-next', assignee: 'agent-17' }));
    await fold.execute(fact(caseRoutedV1, c.id));
    expect(record.timelineOf(c.id).map((t) => [t.actor, t.summary])).toEqual([
      ['supervisor:supervisor-1', 'Assigned to agent-18 by supervisor:supervisor-1'],
      ['agent:agent-17', 'Taken by agent-17 (take next)'],
      ['workflow-service', 'Taken by agent-17 (take next)'],
      ['workflow-service', expect.stringMatching(/^Routed to highways-north/)],
    ]);
  });

  it('leaves a case an agent already moved on where it is when routed', async () => {
    const { record, c, fold } = setup('resolved');
    await fold.execute(fact(caseRoutedV1, c.id));
    expect(record.caseOf(ref('a'))!.status).toBe('resolved');
  });

  it('moves a case to waiting through the lifecycle, with CaseChanged caused by the fact', async () => {
    const { outbox, c, fold } = setup('open');
    const e = fact(informationRequestedV1, c.id);
    await fold.execute(e);
    const [changed] = outbox.events<CaseChangedV1>('CaseChanged');
    expect(changed.payload).toMatchObject({
      change: 'status-changed',
      from: 'open',
      to: 'waiting-for-citizen',
      actor: 'workflow-service',
    });
    expect(changed.causationId).toBe(e.eventId);
  });

  it('closes only a case still resolved, and a closed case is not moved at all', async () => {
    const reopened = setup('open');
    await reopened.fold.execute(fact(caseCloseDueV1, reopened.c.id));
    expect(reopened.record.caseOf(ref('a'))!.status).toBe('open');
    const resolved = setup('resolved');
    await resolved.fold.execute(fact(caseCloseDueV1, resolved.c.id));
    expect(resolved.record.caseOf(ref('a'))!.status).toBe('closed');
    const closed = setup('closed');
    await closed.fold.execute(fact(informationRequestedV1, closed.c.id));
    expect(closed.outbox.items).toHaveLength(0);
  });

  describe('when a resolved case closes by itself (CaseCloseScheduled)', () => {
    /** The case's change to resolved on its timeline, as CaseChanged told the workflow of it. */
    const resolvedAt = async (f: ReturnType<typeof setup>, at: string) =>
      f.record.caseRepository.addToTimeline([
        {
          tenantId: 'default',
          caseId: f.c.id,
          kind: 'status-changed',
          actor: 'agent:agent-17',
          channel: null,
          at: new Date(at),
          summary: 'in-progress → resolved',
          details: { change: 'status-changed', from: 'in-progress', to: 'resolved', reason: null },
        },
      ]);
    const example = caseCloseScheduledV1.example.payload; // resolved 4 December, closes 11 December

    it('keeps it on a resolved case, with a line on its timeline, and forgets it when called off', async () => {
      const f = setup('resolved');
      await resolvedAt(f, example.resolvedAt);
      await f.fold.execute(fact(caseCloseScheduledV1, f.c.id));
      expect(f.record.caseOf(ref('a'))!.closesAt).toEqual(new Date(example.closesAt!));
      expect(f.record.timelineOf(f.c.id).at(-1)).toMatchObject({
        kind: 'due-times-set',
        actor: 'workflow-service',
        summary:
          'Closes by itself at 2026-12-11T09:15:03.000Z unless reopened (5 working days after resolution)',
      });
      await f.fold.execute(fact(caseCloseScheduledV1, f.c.id, { closesAt: null }));
      expect(f.record.caseOf(ref('a'))!.closesAt).toBeNull();
      expect(f.record.timelineOf(f.c.id).at(-1)!.summary).toBe('No longer closes by itself: reopened');
      expect(f.outbox.items).toEqual([]); // nothing changed that others follow
    });

    it('changes nothing on a case that moved on, or about a resolution before its latest', async () => {
      const moved = setup('open');
      await moved.fold.execute(fact(caseCloseScheduledV1, moved.c.id));
      expect(moved.record.caseOf(ref('a'))!.closesAt).toBeNull();
      // Reopened and resolved again since: the late fact about the first resolution is left aside.
      const again = setup('resolved');
      await resolvedAt(again, example.resolvedAt);
      await resolvedAt(again, '2026-12-08T10:00:00.000Z');
      await again.fold.execute(fact(caseCloseScheduledV1, again.c.id));
      await again.fold.execute(fact(caseCloseScheduledV1, again.c.id, { closesAt: null }));
      expect(again.record.caseOf(ref('a'))!.closesAt).toBeNull();
      await again.fold.execute(
        fact(caseCloseScheduledV1, again.c.id, {
          resolvedAt: '2026-12-08T10:00:00.000Z',
          closesAt: '2026-12-15T10:00:00.000Z',
        }),
      );
      expect(again.record.caseOf(ref('a'))!.closesAt).toEqual(new Date('2026-12-15T10:00:00.000Z'));
    });

    it('is cleared when the case moves on (closed by the workflow)', async () => {
      const f = setup('resolved');
      await resolvedAt(f, example.resolvedAt);
      await f.fold.execute(fact(caseCloseScheduledV1, f.c.id));
      await f.fold.execute(fact(caseCloseDueV1, f.c.id));
      expect(f.record.caseOf(ref('a'))).toMatchObject({ status: 'closed', closesAt: null });
    });
  });

  it('folds an event once, and refuses a case of another city', async () => {
    const { record, c, fold } = setup();
    const e = fact(caseRoutedV1, c.id);
    await fold.execute(e);
    expect(await fold.execute(e)).toBe('already-handled');
    const theirs = record.addCase({ reference: ref('theirs'), tenantId: 'other-city' });
    await expect(fold.execute(fact(caseRoutedV1, theirs.id))).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'case.other-tenant',
    });
  });
});
