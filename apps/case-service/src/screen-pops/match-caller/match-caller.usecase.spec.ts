import { recordFixture } from '../../record/record-fixture';
import { MatchCallerUseCase } from './match-caller.usecase';

describe('who is calling', () => {
  it('is the citizen whose record owns the number, the one it was merged into, or nobody', async () => {
    const { record } = recordFixture();
    const match = new MatchCallerUseCase(record.citizenRepository);
    const anna = record.addCitizen({ firstName: 'Anna', lastName: 'de Vries' }, [
      { kind: 'phone', value: '+441632960001' },
    ]);
    // Lars's two records were merged: his number stayed on the one that went into the other.
    const survivor = record.addCitizen({ firstName: 'Lars', lastName: 'Berg' }, []);
    record.addCitizen({ firstName: 'Lars', lastName: 'Berg', mergedInto: survivor.id }, [
      { kind: 'phone', value: '+441632960002' },
    ]);

    expect(await match.execute('default', '+441632960001')).toEqual({
      citizenId: anna.id,
      firstName: 'Anna',
      lastName: 'de Vries',
    });
    expect(await match.execute('default', '+441632960002')).toMatchObject({ citizenId: survivor.id });
    expect(await match.execute('default', '+441632960099')).toBeNull();
    expect(await match.execute('default', null)).toBeNull();
  });
});
