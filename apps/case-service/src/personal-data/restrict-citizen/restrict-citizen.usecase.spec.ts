import { DomainError } from '@city/contracts';
import { CaseRecipientsUseCase } from '../../cases/case-recipients/case-recipients.usecase';
import { MergeCitizensUseCase } from '../../citizens/merge-citizens/merge-citizens.usecase';
import { UpdatePreferencesUseCase } from '../../citizens/update-preferences/update-preferences.usecase';
import { recordFixture, ref } from '../../record/record-fixture';
import type { CitizenErasure } from '../citizen-erasure.entity';
import type { RecordErasure } from '../record-erasure';
import { RestrictCitizenUseCase } from './restrict-citizen.usecase';

describe("an administrator restricts a citizen's record (article 18)", () => {
  /** `erased` says which record was erased (none by default). */
  const setup = (erased: (id: string) => string | null = () => null) => {
    const f = recordFixture();
    const erasures = {
      ofParty: async (_city: string, id: string) => (erased(id) ? ({ partyId: id } as CitizenErasure) : null),
    } as unknown as RecordErasure;
    const anna = f.record.addCitizen({ firstName: 'Anna' }, [{ kind: 'email', value: 'anna@example.org' }]);
    return {
      ...f,
      anna,
      restrict: new RestrictCitizenUseCase(f.tx, f.record.citizenRepository, erasures),
      merge: new MergeCitizensUseCase(f.tx, f.record.citizenRepository, f.record.caseRepository, f.outbox),
      preferences: new UpdatePreferencesUseCase(
        f.tx,
        f.record.citizenRepository,
        f.record.interactionRepository,
      ),
      recipients: new CaseRecipientsUseCase(f.record.caseRepository, f.record.citizenRepository),
    };
  };
  const at = new Date('2026-12-03T10:00:00Z');
  const asked = { ground: 'accuracy-contested' as const, by: 'admin:admin-1' };

  it('restricts the record a merged id leads to, says since when, why and by whom, and answers the same when asked again', async () => {
    const { record, anna, restrict } = setup();
    const old = record.addCitizen({ mergedInto: anna.id });
    const view = await restrict.execute({ city: 'default', citizenId: old.id, ...asked }, at);
    expect(view).toEqual({
      ground: 'accuracy-contested',
      restrictedAt: at.toISOString(),
      restrictedBy: 'admin:admin-1',
    });
    expect(record.restrictions).toEqual([expect.objectContaining({ partyId: anna.id, liftedAt: null })]);
    expect(
      await restrict.execute(
        { city: 'default', citizenId: anna.id, ground: 'legal-claims', by: 'admin:admin-2' },
        new Date(),
      ),
    ).toEqual(view);
    expect(record.restrictions).toHaveLength(1);
  });

  it('refuses a citizen it does not know, one of another city, and an erased record', async () => {
    const { anna, restrict } = setup();
    await expect(
      restrict.execute({ city: 'default', citizenId: '00000000-0000-4000-8000-000000000000', ...asked }),
    ).rejects.toMatchObject({ kind: 'not-found' });
    await expect(
      restrict.execute({ city: 'other-city', citizenId: anna.id, ...asked }),
    ).rejects.toMatchObject({
      kind: 'not-found',
    });
    const erased = setup((id) => id);
    await expect(
      erased.restrict.execute({ city: 'default', citizenId: erased.anna.id, ...asked }),
    ).rejects.toMatchObject({ code: 'personal-data.erased' });
    expect(erased.record.restrictions).toEqual([]);
  });

  it('while in force: no merge either way, no staff change to their preferences, no message about an earlier request; a later one is theirs as usual', async () => {
    const { record, anna, restrict, merge, preferences, recipients } = setup();
    const before = record.addCase({
      reference: ref('before'),
      partyId: anna.id,
      receivedAt: new Date('2026-12-01T09:00:00Z'),
    });
    await restrict.execute({ city: 'default', citizenId: anna.id, ...asked }, at);
    const after = record.addCase({
      reference: ref('after'),
      partyId: anna.id,
      receivedAt: new Date('2026-12-04T09:00:00Z'),
    });
    const other = record.addCitizen({ firstName: 'A. de Vries' });

    for (const [survivor, merged] of [
      [anna.id, other.id],
      [other.id, anna.id],
    ])
      await expect(
        merge.execute('default', survivor, {
          mergeCitizenId: merged,
          reason: 'same',
          actor: 'agent:agent-17',
        }),
      ).rejects.toMatchObject({ kind: 'conflict', code: 'citizen.restricted' });
    expect(record.merges).toEqual([]);

    await expect(
      preferences.execute('default', { id: anna.id }, { consentUpdates: false, actor: 'agent:agent-17' }),
    ).rejects.toBeInstanceOf(DomainError);
    expect((await record.citizenRepository.byId('default', anna.id))!.consentUpdates).toBe(true);
    // Her own wish still counts.
    expect(
      (
        await preferences.execute(
          'default',
          { id: anna.id },
          { consentUpdates: false, actor: 'citizen:anna' },
        )
      ).changed,
    ).toBe(true);

    const out = await recipients.executeMany('default', [before.reference, after.reference]);
    expect(out.cases.map((c) => [c.reference, c.recipients.map((r) => r.citizenId)])).toEqual([
      [before.reference, []],
      [after.reference, [anna.id]],
    ]);
  });
});
