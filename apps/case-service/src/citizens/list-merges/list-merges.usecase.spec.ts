import { recordFixture } from '../../record/record-fixture';
import { ListMergesUseCase } from './list-merges.usecase';

describe("a citizen's merges", () => {
  it('lists the merges both ways, and says not-found for a record of another city', async () => {
    const { record } = recordFixture();
    const list = new ListMergesUseCase(record.citizenRepository);
    const a = record.addCitizen();
    const b = record.addCitizen();
    const elsewhere = record.addCitizen({ tenantId: 'other-city' });
    await record.citizenRepository.addMerge({
      tenantId: 'default',
      survivorId: a.id,
      mergedId: b.id,
      mergedBy: 'agent:a',
      channel: null,
      reason: 'same',
      mergedAt: new Date(),
      moves: {
        caseIds: [],
        interactionIds: [],
        contactPointIds: [],
        movedSubscriptions: [],
        droppedSubscriptions: [],
        survivorBefore: { firstName: null, lastName: null, supportNeeds: false },
      },
      reversedBy: null,
      reversedAt: null,
      reversalReason: null,
    });
    expect((await list.execute('default', b.id)).map((m) => m.survivorId)).toEqual([a.id]);
    await expect(list.execute('default', elsewhere.id)).rejects.toMatchObject({ kind: 'not-found' });
  });
});
