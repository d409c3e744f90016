import { MergeCitizensUseCase } from '../../citizens/merge-citizens/merge-citizens.usecase';
import { recordFixture } from '../../record/record-fixture';
import type { RecordErasure } from '../record-erasure';
import { RestrictCitizenUseCase } from '../restrict-citizen/restrict-citizen.usecase';
import { LiftRestrictionUseCase } from './lift-restriction.usecase';

describe("an administrator lifts a citizen's restriction, the citizen told first (article 18(3))", () => {
  const setup = () => {
    const f = recordFixture();
    const anna = f.record.addCitizen({ firstName: 'Anna' });
    const other = f.record.addCitizen({ firstName: 'A. de Vries' });
    const noErasure = { ofParty: async () => null } as unknown as RecordErasure;
    return {
      ...f,
      anna,
      other,
      restrict: new RestrictCitizenUseCase(f.tx, f.record.citizenRepository, noErasure),
      lift: new LiftRestrictionUseCase(f.tx, f.record.citizenRepository),
      merge: new MergeCitizensUseCase(f.tx, f.record.citizenRepository, f.record.caseRepository, f.outbox),
    };
  };
  const now = new Date('2026-12-03T10:00:00Z');

  it('lifts it, keeping how and when she was told; the record is used as before', async () => {
    const { record, anna, other, restrict, lift, merge } = setup();
    await restrict.execute({
      city: 'default',
      citizenId: anna.id,
      ground: 'objection-pending',
      by: 'admin:admin-1',
    });
    expect(
      await lift.execute(
        {
          city: 'default',
          citizenId: anna.id,
          told: { by: 'letter', on: '2026-12-01' },
          by: 'admin:admin-2',
        },
        now,
      ),
    ).toEqual({ lifted: true, liftedAt: now.toISOString() });
    expect(record.restrictions).toEqual([
      expect.objectContaining({ liftedBy: 'admin:admin-2', liftedAt: now, told: 'letter 2026-12-01' }),
    ]);
    await merge.execute('default', anna.id, {
      mergeCitizenId: other.id,
      reason: 'same',
      actor: 'agent:agent-17',
    });
    expect(record.merges).toHaveLength(1);
  });

  it('refuses to lift before she is told, or what is not restricted, changing nothing', async () => {
    const { record, anna, restrict, lift } = setup();
    const told = (on: string) => ({
      city: 'default',
      citizenId: anna.id,
      told: { by: 'email' as const, on },
      by: 'admin:admin-1',
    });
    await expect(lift.execute(told('2026-12-03'), now)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'personal-data.not-restricted',
    });
    await restrict.execute({
      city: 'default',
      citizenId: anna.id,
      ground: 'legal-claims',
      by: 'admin:admin-1',
    });
    await expect(lift.execute(told('2026-12-05'), now)).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ field: 'told.on', reason: 'is a day still to come' }],
    });
    expect(record.restrictions).toEqual([expect.objectContaining({ liftedAt: null })]);
  });
});
