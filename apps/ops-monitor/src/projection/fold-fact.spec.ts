import {
  caseAssignedV1,
  caseChangedV1,
  caseOpenedV1,
  caseRoutedV1,
  dueTimesSetV1,
  satisfactionRecordedV1,
  slaBreachedV1,
  slaWarningV1,
} from '@city/contracts';
import { foldFact, type CaseRow, type OpsFact } from './fold-fact';

const caseId = caseOpenedV1.example.payload.caseId;
const opened = (over: Partial<typeof caseOpenedV1.example.payload> = {}): OpsFact => ({
  ...caseOpenedV1.example,
  payload: {
    ...caseOpenedV1.example.payload,
    receivedAt: '2026-11-02T09:00:00.000Z',
    openedAt: '2026-11-02T09:00:01.000Z',
    ...over,
  },
});
const status = (from: string, to: string, at: string): OpsFact =>
  ({
    ...caseChangedV1.example,
    payload: {
      change: 'status-changed',
      caseId,
      reference: 'EA49-HVS1-TVR',
      version: 2,
      actor: 'agent:a',
      channel: null,
      at,
      from,
      to,
      reason: null,
    },
  }) as OpsFact;
const workflow = <E extends { payload: object }>(contract: { example: E }, payload: object): OpsFact =>
  ({
    ...contract.example,
    payload: { ...contract.example.payload, caseId, ...payload },
  }) as unknown as OpsFact;

const district = () => 'noord';
function fold(...facts: OpsFact[]): CaseRow {
  let row: CaseRow | null = null;
  for (const f of facts) row = foldFact(row, f, district)?.row ?? row;
  return row!;
}

describe('folding the facts of a case', () => {
  it('keeps where a case came from, where its work is, and its clocks', () => {
    const row = fold(
      opened(),
      workflow(caseRoutedV1, { queue: 'highways-north', priority: 2 }),
      workflow(dueTimesSetV1, { resolutionDueAt: '2026-11-06T09:00:00.000Z' }),
      workflow(caseAssignedV1, { queue: 'highways-north', assignee: 'agent-17' }),
    );
    expect(row).toMatchObject({
      serviceCode: caseOpenedV1.example.payload.service.code,
      lgslId: caseOpenedV1.example.payload.service.lgslId,
      channel: caseOpenedV1.example.payload.channel,
      district: 'noord',
      status: caseOpenedV1.example.payload.status,
      open: true,
      queue: 'highways-north',
      priority: 2,
      assignee: 'agent-17',
      resolutionDueAt: new Date('2026-11-06T09:00:00.000Z'),
    });
  });

  it('keeps which city works a case its city handed over (both count it), and forgets it when routed home', () => {
    const shared = fold(
      opened(),
      workflow(caseRoutedV1, { queue: 'regional-graffiti', workedBy: 'default' }),
    );
    expect(shared).toMatchObject({ tenantId: caseOpenedV1.example.tenantId, workedBy: 'default' });
    expect(fold(opened(), workflow(caseRoutedV1, { queue: 'highways' }))).toMatchObject({ workedBy: null });
  });

  it('takes facts of the workflow stream that come before the case was opened', () => {
    const early = fold(workflow(caseRoutedV1, { queue: 'waste', priority: 3 }), opened());
    expect(early).toMatchObject({
      queue: 'waste',
      priority: 3,
      serviceCode: caseOpenedV1.example.payload.service.code,
    });
  });

  it('judges a resolution against the due time, whichever stream comes first', () => {
    const due = workflow(dueTimesSetV1, { resolutionDueAt: '2026-11-06T09:00:00.000Z' });
    const inTime = status('in-progress', 'resolved', '2026-11-05T16:00:00.000Z');
    const late = status('in-progress', 'resolved', '2026-11-07T16:00:00.000Z');
    expect(fold(opened(), due, inTime)).toMatchObject({ resolvedWithinSla: true, open: false });
    expect(fold(opened(), late, due)).toMatchObject({ resolvedWithinSla: false });
    expect(fold(opened(), inTime)).toMatchObject({ resolvedWithinSla: null });
  });

  it('counts the first response at the first status that answers the citizen, and a reopening takes the resolution back', () => {
    const row = fold(
      opened(),
      status('received', 'open', '2026-11-02T09:05:00.000Z'),
      status('open', 'in-progress', '2026-11-02T11:00:00.000Z'),
      status('in-progress', 'resolved', '2026-11-03T10:00:00.000Z'),
      status('resolved', 'open', '2026-11-04T10:00:00.000Z'),
    );
    expect(row).toMatchObject({
      firstResponseAt: new Date('2026-11-02T11:00:00.000Z'),
      reopenCount: 1,
      resolvedAt: null,
      open: true,
      status: 'open',
    });
  });

  it('marks duplicates, warnings and breaches of the resolution clock, and the satisfaction given', () => {
    const row = fold(
      opened({
        duplicateOf: {
          caseId: '5b4a3928-1706-4f5e-8d7c-6b5a49382716',
          reference: 'EA49-HVS1-TVR',
          distanceMetres: 20,
        },
      }),
      workflow(slaWarningV1, { target: 'resolution', at: '2026-11-05T09:00:00.000Z' }),
      workflow(slaBreachedV1, { target: 'resolution', at: '2026-11-06T09:00:00.000Z' }),
      workflow(satisfactionRecordedV1, { score: 2 }),
    );
    expect(row).toMatchObject({
      duplicate: true,
      warnedAt: new Date('2026-11-05T09:00:00.000Z'),
      breachedAt: new Date('2026-11-06T09:00:00.000Z'),
      satisfaction: 2,
    });
    // The first-response clock's warnings are not the resolution's.
    expect(foldFact(row, workflow(slaWarningV1, { target: 'first-response' }), district)).toBeNull();
  });

  it('moves the status spans: one on opening, one on each change', () => {
    const first = foldFact(null, opened(), district)!;
    expect(first.move).toMatchObject({
      status: caseOpenedV1.example.payload.status,
      at: new Date('2026-11-02T09:00:01.000Z'),
    });
    const next = foldFact(first.row, status('received', 'open', '2026-11-02T10:00:00.000Z'), district)!;
    expect(next.move).toMatchObject({ status: 'open', at: new Date('2026-11-02T10:00:00.000Z') });
  });
});
