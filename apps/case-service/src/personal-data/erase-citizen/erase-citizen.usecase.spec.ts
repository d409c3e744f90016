import { DomainError } from '@city/contracts';
import { RecordedEventKeys } from '@city/platform-kafka';
import { InMemoryDocumentStore } from '../../documents/in-memory-document.store';
import { InMemoryCaseDocuments } from '../../record/in-memory-case-documents';
import { recordFixture, ref } from '../../record/record-fixture';
import { CitizenErasure } from '../citizen-erasure.entity';
import { DataSubjects } from '../data-subjects';
import { DocumentBytes } from '../document-bytes';
import { FakePersonalDataElsewhere } from '../fake-personal-data-elsewhere';
import { RecordErasure, type RecordErased } from '../record-erasure';
import { MergeCitizensUseCase } from '../../citizens/merge-citizens/merge-citizens.usecase';
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
  async noteErased(id: string, erased: CitizenErasure['erased']): Promise<void> {
    this.recorded.find((e) => e.id === id)!.erased = erased;
  }
  async leaveDocuments(id: string, left: CitizenErasure['documentsLeft']): Promise<void> {
    this.recorded.find((e) => e.id === id)!.documentsLeft = left;
  }
  async withDocumentsLeft(city: string): Promise<CitizenErasure[]> {
    return this.recorded.filter((e) => e.tenantId === city && e.documentsLeft.length > 0);
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
    const eventKeys = new RecordedEventKeys();
    const erase = new EraseCitizenUseCase(
      f.tx,
      new DataSubjects(f.record.citizenRepository, f.record.caseRepository),
      f.record.citizenRepository,
      erasures,
      elsewhere,
      new DocumentBytes(new InMemoryCaseDocuments(), store),
      eventKeys,
    );
    const anna = f.record.addCitizen({ firstName: 'Anna' }, [{ kind: 'email', value: 'anna@example.org' }]);
    return { ...f, erasures, elsewhere, store, erase, anna, eventKeys };
  };
  const at = new Date('2026-12-02T10:00:00Z');

  it('has every other service erase its part first, then the record and its documents, and says what each did', async () => {
    const { record, erasures, elsewhere, store, erase, anna, eventKeys } = setup();
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
        kafka: { dataKeys: 7 },
      },
    });
    expect(store.files.has('k1')).toBe(false);
    // After the commit: the keys of her case's events on three topics, of her request as it arrived,
    // of her merges and of the messages sent her.
    expect(eventKeys.erased).toEqual([
      `case.events.v1/${closed.id}`,
      `workflow.events.v1/${closed.id}`,
      `notification.events.v1/${closed.id}`,
      `notification.events.v1/${closed.id}/*`,
      `intake.requests.v1/${ref('closed')}`,
      `case.events.v1/${anna.id}`,
      `notification.events.v1/*/${anna.id}`,
    ]);
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

  it('is refused while their record is restricted because they want it kept, and erases no event key', async () => {
    const { record, erasures, elsewhere, erase, anna, eventKeys } = setup();
    record.addCase({ reference: ref('closed'), partyId: anna.id, status: 'closed' });
    const restriction = await record.citizenRepository.restrict({
      tenantId: 'default',
      partyId: anna.id,
      ground: 'legal-claims',
      restrictedBy: 'admin:admin-1',
      restrictedAt: at,
    });
    const asked = { city: 'default', citizenId: anna.id, ground: 'objection' as const, by: 'admin:admin-1' };
    await expect(erase.execute(asked)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'personal-data.restricted',
    });
    expect([elsewhere.erased, erasures.recorded, eventKeys.erased]).toEqual([[], [], []]);
    // Lifted (she was told), it goes ahead.
    await record.citizenRepository.lift(restriction.id, {
      liftedBy: 'admin:admin-1',
      liftedAt: at,
      told: 'letter',
    });
    await erase.execute(asked);
    expect(erasures.recorded).toHaveLength(1);
  });

  it('changes nothing of the record when another service cannot be reached, so it can be asked again', async () => {
    const { erasures, elsewhere, erase, anna, eventKeys } = setup();
    elsewhere.failure = DomainError.unavailable(
      'personal-data.unavailable',
      'The notification-service cannot give its part.',
      30,
    );
    await expect(
      erase.execute({ city: 'default', citizenId: anna.id, ground: 'objection', by: 'admin:admin-1' }),
    ).rejects.toMatchObject({ kind: 'unavailable' });
    expect(erasures.asked).toEqual([]);
    expect(eventKeys.erased).toEqual([]);
    elsewhere.failure = null;
    await erase.execute({ city: 'default', citizenId: anna.id, ground: 'objection', by: 'admin:admin-1' });
    expect(erasures.recorded).toHaveLength(1);
  });

  it('follows a chain of merges to its end, whichever record of the chain is named', async () => {
    const { record, tx, outbox, erasures, elsewhere, erase, anna } = setup();
    const merge = new MergeCitizensUseCase(tx, record.citizenRepository, record.caseRepository, outbox);
    const older = record.addCitizen({ firstName: 'A.' }, [{ kind: 'phone', value: '+31612345678' }]);
    const oldest = record.addCitizen({ firstName: 'Anna V.' }, [{ kind: 'email', value: 'a.v@example.org' }]);
    const gone = record.addCase({ reference: ref('oldest'), partyId: oldest.id, status: 'closed' });
    const by = { actor: 'admin:admin-1', reason: 'same person' };
    await merge.execute('default', older.id, { ...by, mergeCitizenId: oldest.id });
    await merge.execute('default', anna.id, { ...by, mergeCitizenId: older.id });
    const report = await erase.execute({
      city: 'default',
      citizenId: oldest.id,
      ground: 'objection',
      by: 'admin:admin-1',
    });
    expect(report.citizenId).toBe(anna.id);
    expect(report.mergedIds.sort()).toEqual([older.id, oldest.id].sort());
    expect(erasures.asked[0]!.partyIds.sort()).toEqual([anna.id, older.id, oldest.id].sort());
    expect(erasures.asked[0]!.caseIds).toEqual([gone.id]);
    expect(elsewhere.erased[0]!.contacts).toEqual(
      expect.arrayContaining([
        { kind: 'email', value: 'anna@example.org' },
        { kind: 'phone', value: '+31612345678' },
        { kind: 'email', value: 'a.v@example.org' },
      ]),
    );
  });

  it('stops, changing nothing of the record, when a request of theirs was opened while the other services erased', async () => {
    const { record, erasures, elsewhere, erase, anna } = setup();
    const erasing = elsewhere.erase.bind(elsewhere);
    elsewhere.erase = async (city, subject) => {
      record.addCase({ reference: ref('meanwhile'), partyId: anna.id, status: 'received' });
      return erasing(city, subject);
    };
    await expect(
      erase.execute({ city: 'default', citizenId: anna.id, ground: 'objection', by: 'admin:admin-1' }),
    ).rejects.toMatchObject({ kind: 'conflict', message: expect.stringContaining(ref('meanwhile')) });
    expect(erasures.asked).toEqual([]);
    expect(erasures.recorded).toEqual([]);
  });

  it("keeps a document's bytes it could not remove on the erasure, and removes them when asked again", async () => {
    const { record, erasures, store, erase, anna } = setup();
    record.addCase({ reference: ref('closed'), partyId: anna.id, status: 'closed' });
    const remove = store.remove.bind(store);
    store.remove = async () => {
      throw new Error('store unavailable');
    };
    const asked = { city: 'default', citizenId: anna.id, ground: 'objection', by: 'admin:admin-1' };
    const first = await erase.execute(asked);
    expect(store.files.has('k1')).toBe(true);
    expect(erasures.recorded[0]!.documentsLeft).toEqual([{ key: 'k1', sha256: 'abc' }]);
    store.remove = remove;
    expect(await erase.execute(asked)).toEqual(first);
    expect(store.files.has('k1')).toBe(false);
    expect(erasures.recorded[0]!.documentsLeft).toEqual([]);
    expect(erasures.asked).toHaveLength(1);
  });
});
