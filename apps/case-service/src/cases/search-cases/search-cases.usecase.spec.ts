import { recordFixture, ref } from '../../record/record-fixture';
import { SearchCasesUseCase } from './search-cases.usecase';

describe('agents search the record', () => {
  const setup = () => {
    const f = recordFixture();
    const anna = f.record.addCitizen({ firstName: 'Anna', lastName: 'de Vries' }, [
      { kind: 'email', value: 'anna@example.org' },
      { kind: 'phone', value: '+447700900123' },
    ]);
    f.record.addCase({
      reference: ref('a'),
      partyId: anna.id,
      address: 'Coolsingel 40',
      receivedAt: new Date('2026-03-01'),
    });
    f.record.addCase({
      reference: ref('b'),
      serviceCode: 'missed-bin',
      queue: 'waste',
      receivedAt: new Date('2026-03-02'),
    });
    return { ...f, search: new SearchCasesUseCase(f.record.caseRepository, f.config) };
  };
  const q = { limit: 25 };

  it('finds by a reference written any way, by email in any case, and by a phone as dialled', async () => {
    const { search } = setup();
    expect(
      (await search.execute('default', { ...q, reference: ref('a').toLowerCase() })).map((c) => c.reference),
    ).toEqual([ref('a')]);
    expect(
      (await search.execute('default', { ...q, email: 'Anna@Example.org' })).map((c) => c.reference),
    ).toEqual([ref('a')]);
    expect(
      (await search.execute('default', { ...q, phone: '07700 900123' })).map((c) => c.reference),
    ).toEqual([ref('a')]);
  });

  it('finds by name, service, queue and address, newest first', async () => {
    const { search } = setup();
    expect((await search.execute('default', { ...q, name: 'vries' })).map((c) => c.reference)).toEqual([
      ref('a'),
    ]);
    expect((await search.execute('default', { ...q, queue: 'waste' })).map((c) => c.reference)).toEqual([
      ref('b'),
    ]);
    expect(
      (await search.execute('default', { ...q, address: 'coolsingel' })).map((c) => c.reference),
    ).toEqual([ref('a')]);
    expect((await search.execute('default', q)).map((c) => c.reference)).toEqual([ref('b'), ref('a')]);
  });

  it('refuses a malformed reference, naming the field', async () => {
    await expect(setup().search.execute('default', { ...q, reference: 'not-one' })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ field: 'reference' }],
    });
  });
});
