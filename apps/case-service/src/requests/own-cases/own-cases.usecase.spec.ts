import { recordFixture, ref } from '../../record/record-fixture';
import { OwnCasesUseCase } from './own-cases.usecase';

describe("a signed-in citizen's own requests", () => {
  it('are those of the record owning their verified email (through a merge) and those they follow, never a record held apart', async () => {
    const { record, config } = recordFixture();
    const own = new OwnCasesUseCase(record.caseRepository, config);
    const survivor = record.addCitizen();
    const anna = record.addCitizen({ mergedInto: survivor.id }, [
      { kind: 'email', value: 'anna@example.org' },
    ]);
    const apart = record.addCitizen({}, [{ kind: 'email', value: 'anna@example.org', heldApart: true }]);
    record.addCase({ reference: ref('mine'), partyId: survivor.id, receivedAt: new Date('2026-03-01') });
    const followed = record.addCase({ reference: ref('followed'), receivedAt: new Date('2026-03-02') });
    record.addCase({ reference: ref('someone-else'), partyId: apart.id });
    await record.caseRepository.subscribe([
      { caseId: followed.id, partyId: survivor.id, reason: 'duplicate-reporter' },
    ]);
    expect(anna.mergedInto).toBe(survivor.id);
    expect((await own.execute('anna@example.org')).map((c) => c.reference)).toEqual([
      ref('followed'),
      ref('mine'),
    ]);
    expect(await own.execute(null)).toEqual([]);
  });
});
