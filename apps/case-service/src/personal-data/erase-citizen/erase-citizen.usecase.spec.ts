import { DomainError } from '@city/contracts';
import { InMemoryDocumentStore } from '../../documents/in-memory-document.store';
import { InMemoryCaseDocuments } from '../../record/in-memory-case-documents';
import { recordFixture, ref } from '../../record/record-fixture';
import { CitizenErasure } from '../citizen-erasure.entity';
import { DataSubjects } from '../data-subjects';
import { FakePersonalDataElsewhere } from '../fake-personal-data-elsewhere';
import { RecordErasure, type RecordErased } from '../record-erasure';
import { EraseCitizenUseCase } from './erase-citizen.usecase';

/** The record's erasure in memory: what it was asked to erase, and the erasures recorded. */
class FakeRecordErasure extends RecordErasure {
  readonly asked: Array<{ partyIds: string[]; caseIds: string[] }> = [];
  readonly recorded: CitizenErasure[] = [];
  async erase(_city: string, partyIds: string[], caseIds: string[]): Promise<RecordErased> {
    this.asked.push({ partyIds, caseIds });
    return {
      counts: { records: partyIds.length, cases: caseIds.length },
      documentKeys: [{ key: 'k1', sha256: 'abc' }],
    };
  }
  async record(e: Omit<CitizenErasure, 'id'>): Promise<CitizenErasure> {
    const saved = Object.assign(new CitizenErasure(), { ...e, id: `erasure-${this.recorded.length + 1}` });
    this.recorded.push(saved);
    return saved;
  }
  async ofParty(city: string, partyId: string): Promise<CitizenErasure | null> {
    return (
      this.recorded.find(
        (e) => e.tenantId === city && (e.partyId === partyId || e.mergedIds.includes(partyId)),
      ) ?? null
    );
  }
}

describe('an administrator erases a citizen', () => {
  const setup = () => {
    const f = recordFixture();
    const erasures = new FakeRecordErasure();
    const elsewhere = new FakePersonalDataElsewhere();
    const store = new InMemoryDocumentStore();
    store.files.set('k1', Buffer.from('photo'));
    const erase = new EraseCitizenUseCase(
      f.tx,
      new DataSubjects(f.record.citizenRepository, f.record.caseRepository),
      erasures,
      elsewhere,
      new InMemoryCaseDocuments(),
      store,
    );
    const anna = f.record.addCitizen({ firstName: 'Anna' }, [{ kind: 'email', value: 'anna@example.org' }]);
    return { ...f, erasures, elsewhere, store, erase, anna };
  };
  const at = new Date('2026-12-02T10:00:00Z');

  it('has every other service erase its part first, then the record and its documents, and says what each did', async () => {
    const { record, erasures, elsewhere, store, erase, anna } = setup();
    const closed = record.addCase({ reference: ref('closed'), partyId: anna.id, status: 'closed' });
    const report = await erase.execute(
      { city: 'default', citizenId: anna.id, ground: 'consent-withdrawn', by: 'admin:admin-1' },
      at,
    );
    expect(elsewhere.erased).toEqual([
      {
        citizenIds: [anna.id],
        caseIds: [closed.id],
        caseReferences: [ref('closed')],
        contacts: [{ kind: 'email', value: 'anna@example.org' }],
      },
    ]);
    expect(erasures.asked).toEqual([{ partyIds: [anna.id], caseIds: [closed.id] }]);
    expect(report).toEqual({
      citizenId: anna.id,
      mergedIds: [],
      ground: 'consent-withdrawn',
      erasedBy: 'admin:admin-1',
      erasedAt: at.toISOString(),
      erased: {
        'case-service': { records: 1, cases: 1 },
        'workflow-service': { counterTickets: 0, workflowRuns: 1 },
        'notification-service': { deliveries: 1, notifications: 0 },
      },
    });
    expect(store.files.has('k1')).toBe(false);
  });

  it('answers what was done when asked again, and changes nothing more', async () => {
    const { erasures, elsewhere, erase, anna } = setup();
    const first = await erase.execute(
      { city: 'default', citizenId: anna.id, ground: 'objection', by: 'admin:admin-1' },
      at,
    );
    const again = await erase.execute({
      city: 'default',
      citizenId: anna.id,
      ground: 'unlawful',
      by: 'admin:admin-2',
    });
    expect(again).toEqual(first);
    expect(elsewhere.erased).toHaveLength(1);
    expect(erasures.asked).toHaveLength(1);
  });

  it('is refused while a request of theirs is still being worked, naming it, and changes nothing', async () => {
    const { record, erasures, elsewhere, erase, anna } = setup();
    record.addCase({ reference: ref('open'), partyId: anna.id, status: 'in-progress' });
    await expect(
      erase.execute({ city: 'default', citizenId: anna.id, ground: 'objection', by: 'admin:admin-1' }),
    ).rejects.toMatchObject({
      kind: 'conflict',
      code: 'personal-data.open-requests',
      message: expect.stringContaining(ref('open')),
    });
    expect(elsewhere.erased).toEqual([]);
    expect(erasures.recorded).toEqual([]);
  });

  it('changes nothing of the record when another service cannot be reached, so it can be asked again', async () => {
    const { erasures, elsewhere, erase, anna } = setup();
    elsewhere.failure = DomainError.unavailable(
      'personal-data.unavailable',
      'The notification-service cannot give its part.',
      30,
    );
    await expect(
      erase.execute({ city: 'default', citizenId: anna.id, ground: 'objection', by: 'admin:admin-1' }),
    ).rejects.toMatchObject({ kind: 'unavailable' });
    expect(erasures.asked).toEqual([]);
    elsewhere.failure = null;
    await erase.execute({ city: 'default', citizenId: anna.id, ground: 'objection', by: 'admin:admin-1' });
    expect(erasures.recorded).toHaveLength(1);
  });
});
