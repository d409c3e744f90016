import { recordFixture, ref } from '../../record/record-fixture';
import { ReadCitizenUseCase } from './read-citizen.usecase';

describe('the citizen 360 view', () => {
  it('has their contacts, every case and every contact on every channel', async () => {
    const { record, tx } = recordFixture();
    const read = new ReadCitizenUseCase(
      record.citizenRepository,
      record.caseRepository,
      record.interactionRepository,
      tx,
    );
    const anna = record.addCitizen({ firstName: 'Anna' }, [{ kind: 'email', value: 'anna@example.org' }]);
    record.addCase({ reference: ref('a'), partyId: anna.id });
    await record.interactionRepository.add([
      {
        tenantId: 'default',
        partyId: anna.id,
        channel: 'counter',
        direction: 'inbound',
        kind: 'counter-visit',
        handledBy: 'clerk-9',
        handlerKind: 'clerk',
        occurredAt: new Date(),
        summary: 'Visit',
        caseIds: [],
        details: {},
      },
    ]);
    const seen = await read.execute('default', anna.id);
    expect(seen.citizen.contactPoints.map((cp) => cp.value)).toEqual(['anna@example.org']);
    expect(seen.cases.map((c) => c.reference)).toEqual([ref('a')]);
    expect(seen.interactions.map((i) => i.channel)).toEqual(['counter']);
    expect(tx.snapshots).toBe(1);
    await expect(read.execute('default', '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      kind: 'not-found',
    });
  });
});
