import type { CitizenMergedV1 } from '@city/contracts';
import { recordFixture, ref } from '../../record/record-fixture';
import { MergeCitizensUseCase } from './merge-citizens.usecase';

describe('an agent merges two records of one citizen', () => {
  const setup = () => {
    const f = recordFixture();
    const survivor = f.record.addCitizen({ firstName: 'Anna', lastName: null }, [
      { kind: 'email', value: 'anna@example.org' },
    ]);
    const merged = f.record.addCitizen({ lastName: 'de Vries', supportNeeds: true }, [
      { kind: 'phone', value: '+31612345678' },
    ]);
    const theirCase = f.record.addCase({ reference: ref('theirs'), partyId: merged.id });
    return {
      ...f,
      survivor,
      merged,
      theirCase,
      merge: new MergeCitizensUseCase(f.tx, f.record.citizenRepository, f.record.caseRepository, f.outbox),
    };
  };
  const body = { reason: 'Same person, confirmed on the phone', actor: 'agent:agent-17' };

  it('moves everything to the survivor, fills its blanks, keeps support needs, and writes down what moved', async () => {
    const { record, outbox, survivor, merged, theirCase, merge } = setup();
    const done = await merge.execute('default', survivor.id, { ...body, mergeCitizenId: merged.id });
    expect(record.caseOf(ref('theirs'))!.partyId).toBe(survivor.id);
    expect(
      record.contactPoints
        .filter((cp) => cp.partyId === survivor.id)
        .map((cp) => cp.value)
        .sort(),
    ).toEqual(['+31612345678', 'anna@example.org']);
    expect(record.parties.find((p) => p.id === survivor.id)).toMatchObject({
      firstName: 'Anna',
      lastName: 'de Vries',
      supportNeeds: true,
    });
    expect(record.parties.find((p) => p.id === merged.id)!.mergedInto).toBe(survivor.id);
    expect(done.moves.caseIds).toEqual([theirCase.id]);
    expect(record.timelineOf(theirCase.id).map((t) => t.kind)).toEqual(['citizen-merged']);
    expect(outbox.events<CitizenMergedV1>('CitizenMerged')[0].payload).toMatchObject({
      survivorId: survivor.id,
      mergedId: merged.id,
      caseIds: [theirCase.id],
    });
  });

  it('refuses itself, an unknown record, and a record already merged', async () => {
    const { record, survivor, merged, merge } = setup();
    await expect(
      merge.execute('default', survivor.id, { ...body, mergeCitizenId: survivor.id }),
    ).rejects.toMatchObject({ code: 'citizen.merge-into-itself' });
    await expect(
      merge.execute('default', survivor.id, {
        ...body,
        mergeCitizenId: '00000000-0000-4000-8000-000000000000',
      }),
    ).rejects.toMatchObject({
      kind: 'not-found',
      fields: [{ field: 'mergeCitizenId' }],
    });
    await merge.execute('default', survivor.id, { ...body, mergeCitizenId: merged.id });
    const third = record.addCitizen();
    await expect(
      merge.execute('default', third.id, { ...body, mergeCitizenId: merged.id }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'citizen.already-merged' });
  });

  it("does not merge another city's record", async () => {
    const { record, survivor, merge } = setup();
    const elsewhere = record.addCitizen({ tenantId: 'other-city' });
    await expect(
      merge.execute('default', survivor.id, { ...body, mergeCitizenId: elsewhere.id }),
    ).rejects.toMatchObject({ kind: 'not-found' });
  });
});
