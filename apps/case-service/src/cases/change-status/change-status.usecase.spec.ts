import type { CaseChangedV1 } from '@city/contracts';
import { recordFixture, ref } from '../../record/record-fixture';
import { ChangeStatusUseCase } from './change-status.usecase';

const A = ref('a');
const B = ref('b');

describe('an agent changes a case status', () => {
  const setup = () => {
    const f = recordFixture();
    return {
      ...f,
      changeStatus: new ChangeStatusUseCase(f.tx, f.record.caseRepository, f.history),
    };
  };

  it('moves the case on, writes the timeline and CaseChanged with the new version', async () => {
    const { record, outbox, changeStatus } = setup();
    const c = record.addCase({ reference: A, status: 'open' });
    const saved = await changeStatus.execute('default', A.toLowerCase().replace(/-/g, ' '), {
      status: 'in-progress',
      expectedVersion: 1,
      actor: 'agent:agent-17',
      channel: 'phone',
    });
    expect(saved).toMatchObject({ status: 'in-progress', version: 2 });
    expect(record.timelineOf(c.id)).toEqual([
      expect.objectContaining({
        kind: 'status-changed',
        actor: 'agent:agent-17',
        summary: 'open → in-progress',
      }),
    ]);
    expect(outbox.events<CaseChangedV1>('CaseChanged')[0].payload).toMatchObject({
      change: 'status-changed',
      from: 'open',
      to: 'in-progress',
      version: 2,
      actor: 'agent:agent-17',
    });
  });

  it('forgets when a resolved case was to close by itself once it moves on (the workflow says the next)', async () => {
    const { record, changeStatus } = setup();
    record.addCase({ reference: A, status: 'resolved', closesAt: new Date('2026-12-11T09:00:00Z') });
    await changeStatus.execute('default', A, {
      status: 'open',
      reason: 'Not fixed after all',
      expectedVersion: 1,
      actor: 'agent:agent-17',
    });
    expect(record.caseOf(A)).toMatchObject({ status: 'open', closesAt: null });
  });

  it('refuses a stale version with 409-kind conflict and changes nothing', async () => {
    const { record, outbox, changeStatus } = setup();
    record.addCase({ reference: A, status: 'open', version: 3 });
    await expect(
      changeStatus.execute('default', A, { status: 'in-progress', expectedVersion: 1, actor: 'agent:a' }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      code: 'case.stale-version',
      fields: [{ field: 'expectedVersion', reason: 'the case is at version 3' }],
    });
    expect(record.caseOf(A)!.status).toBe('open');
    expect(outbox.items).toHaveLength(0);
  });

  it('applies the lifecycle: an outcome needs a reason, a closed case cannot change, a duplicate is a link', async () => {
    const { record, changeStatus } = setup();
    record.addCase({ reference: A, status: 'open' });
    await expect(
      changeStatus.execute('default', A, { status: 'resolved', expectedVersion: 1, actor: 'agent:a' }),
    ).rejects.toMatchObject({
      code: 'case.transition-not-allowed',
      fields: [{ field: 'reason' }],
    });
    await expect(
      changeStatus.execute('default', A, { status: 'duplicate', expectedVersion: 1, actor: 'agent:a' }),
    ).rejects.toMatchObject({
      code: 'case.duplicate-by-link',
    });
    record.addCase({ reference: B, status: 'closed' });
    await expect(
      changeStatus.execute('default', B, { status: 'open', expectedVersion: 1, actor: 'agent:a' }),
    ).rejects.toMatchObject({
      kind: 'invalid',
    });
  });

  it('answers not-found for no such case and invalid for a malformed reference', async () => {
    const { changeStatus } = setup();
    await expect(
      changeStatus.execute('default', A, { status: 'open', expectedVersion: 1, actor: 'agent:a' }),
    ).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(
      changeStatus.execute('default', 'nope', { status: 'open', expectedVersion: 1, actor: 'agent:a' }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ field: 'reference', reason: 'not a valid reference' }],
    });
  });
});
