import type { CitizenMergeReversedV1 } from '@city/contracts';
import { recordFixture, ref } from '../../record/record-fixture';
import { MergeCitizensUseCase } from '../merge-citizens/merge-citizens.usecase';
import { ReverseMergeUseCase } from './reverse-merge.usecase';

describe('an administrator reverses a merge', () => {
  const setup = async () => {
    const f = recordFixture();
    const survivor = f.record.addCitizen({ firstName: 'Anna' });
    const merged = f.record.addCitizen({ lastName: 'de Vries' }, [{ kind: 'phone', value: '+31612345678' }]);
    const theirCase = f.record.addCase({ reference: ref('theirs'), partyId: merged.id });
    const followed = f.record.addCase({ reference: ref('followed') });
    await f.record.caseRepository.subscribe([
      { caseId: followed.id, partyId: merged.id, reason: 'duplicate-reporter' },
    ]);
    const merge = await new MergeCitizensUseCase(
      f.tx,
      f.record.citizenRepository,
      f.record.caseRepository,
      f.outbox,
    ).execute('default', survivor.id, {
      mergeCitizenId: merged.id,
      reason: 'one person',
      actor: 'agent:a',
    });
    return {
      ...f,
      survivor,
      merged,
      theirCase,
      followed,
      merge,
      reverse: new ReverseMergeUseCase(f.tx, f.record.citizenRepository, f.record.caseRepository, f.outbox),
    };
  };

  it('moves exactly what moved back, restores the survivor, and the merged record follows again what it followed', async () => {
    const { record, outbox, survivor, merged, theirCase, followed, merge, reverse } = await setup();
    const done = await reverse.execute('default', merge.id, 'admin:admin-1', {
      reason: 'two people after all',
    });
    expect(done).toMatchObject({ reversedBy: 'admin:admin-1', reversalReason: 'two people after all' });
    expect(record.caseOf(ref('theirs'))!.partyId).toBe(merged.id);
    expect(record.contactPoints.find((cp) => cp.value === '+31612345678')!.partyId).toBe(merged.id);
    expect(record.parties.find((p) => p.id === survivor.id)).toMatchObject({ lastName: null });
    expect(record.parties.find((p) => p.id === merged.id)!.mergedInto).toBeNull();
    expect(record.caseSubscriptions.filter((s) => s.caseId === followed.id).map((s) => s.partyId)).toEqual([
      merged.id,
    ]);
    expect(record.timelineOf(theirCase.id).map((t) => t.kind)).toEqual([
      'citizen-merged',
      'citizen-unmerged',
    ]);
    expect(outbox.events<CitizenMergeReversedV1>('CitizenMergeReversed')).toHaveLength(1);
  });

  it('refuses a second reversal, and an unknown merge', async () => {
    const { merge, reverse } = await setup();
    await reverse.execute('default', merge.id, 'admin:a', { reason: 'x' });
    await expect(reverse.execute('default', merge.id, 'admin:a', { reason: 'x' })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'citizen-merge.already-reversed',
    });
    await expect(reverse.execute('other-city', merge.id, 'admin:a', { reason: 'x' })).rejects.toMatchObject({
      kind: 'not-found',
    });
  });
});
