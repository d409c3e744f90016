import { DomainError, type ServiceDefinition } from '@city/contracts';
import { CatalogueStore, RecordedEventKeys } from '@city/platform-kafka';
import { FakeTransaction } from '@city/platform-testing/fakes';
import { InMemoryDocumentStore } from '../../documents/in-memory-document.store';
import { InMemoryCaseDocuments } from '../../record/in-memory-case-documents';
import { CitizenErasure } from '../../personal-data/citizen-erasure.entity';
import { DocumentBytes } from '../../personal-data/document-bytes';
import { FakePersonalDataElsewhere } from '../../personal-data/fake-personal-data-elsewhere';
import { RecordErasure, type RecordErased } from '../../personal-data/record-erasure';
import { RetentionRun } from '../retention-run.entity';
import {
  RetentionRepository,
  type DueCase,
  type DueScope,
  type NewRetentionRun,
} from '../retention.repository';
import { ApplyRetentionUseCase } from './apply-retention.usecase';

const DAY = 86_400_000;
const now = new Date('2026-12-02T02:30:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);

/** Finished cases in memory, with when they last changed; anonymised once the record's erasure took them. */
class FakeRetention extends RetentionRepository {
  cases: Array<DueCase & { city: string; changedAt: Date; anonymised: boolean }> = [];
  readonly runsRecorded: RetentionRun[] = [];
  async due(city: string, scope: DueScope, before: Date, limit: number): Promise<DueCase[]> {
    return this.cases
      .filter(
        (c) =>
          c.city === city &&
          !c.anonymised &&
          c.changedAt < before &&
          ('service' in scope ? c.serviceCode === scope.service : !scope.except.includes(c.serviceCode)),
      )
      .slice(0, limit)
      .map(({ id, reference, serviceCode }) => ({ id, reference, serviceCode }));
  }
  async begin(run: NewRetentionRun): Promise<{ begun: RetentionRun } | { underWay: RetentionRun }> {
    const underWay = this.runsRecorded.find((r) => r.tenantId === run.tenantId && !r.finishedAt);
    if (underWay) return { underWay };
    const begun = Object.assign(new RetentionRun(), {
      ...run,
      id: `run-${this.runsRecorded.length + 1}`,
      casesByService: {},
      erased: {},
      documentsLeft: [],
      finishedAt: null,
      outcome: null,
    });
    this.runsRecorded.push(begun);
    return { begun: Object.assign(new RetentionRun(), begun) }; // the caller's copy, as read from a table
  }
  async finish(run: RetentionRun, outcome: 'done' | 'stopped'): Promise<Date | null> {
    const recorded = this.runsRecorded.find((r) => r.id === run.id)!;
    if (recorded.outcome === 'cut-short') return null;
    const finishedAt = new Date();
    Object.assign(recorded, { finishedAt, outcome });
    return finishedAt;
  }

  readonly saves: Array<Record<string, number>> = [];
  async save(run: RetentionRun): Promise<void> {
    const recorded = this.runsRecorded.find((r) => r.id === run.id)!;
    if (recorded.outcome === 'cut-short') throw DomainError.conflict('retention.run-cut-short', 'cut short');
    Object.assign(recorded, {
      casesByService: { ...run.casesByService },
      erased: structuredClone(run.erased),
      documentsLeft: [...run.documentsLeft],
    });
    this.saves.push({ ...run.casesByService });
  }

  async runs(): Promise<RetentionRun[]> {
    return [...this.runsRecorded].reverse();
  }
  async withDocumentsLeft(city: string): Promise<RetentionRun[]> {
    return this.runsRecorded.filter((r) => r.tenantId === city && r.documentsLeft.length > 0);
  }
  async leaveDocuments(id: string, left: RetentionRun['documentsLeft']): Promise<void> {
    this.runsRecorded.find((r) => r.id === id)!.documentsLeft = left;
  }
}

class FakeRecordErasure extends RecordErasure {
  readonly asked: string[][] = [];
  constructor(private readonly retention: FakeRetention) {
    super();
  }
  async erase(_city: string, _partyIds: string[], caseIds: string[]): Promise<RecordErased> {
    this.asked.push(caseIds);
    for (const c of this.retention.cases) if (caseIds.includes(c.id)) c.anonymised = true;
    return {
      counts: { cases: caseIds.length },
      documentKeys: [{ key: `k-${caseIds[0]}`, sha256: caseIds[0]! }],
    };
  }
  async record(): Promise<CitizenErasure> {
    throw new Error('not an erasure of a citizen');
  }
  async ofParty(): Promise<CitizenErasure | null> {
    return null;
  }
  readonly erasures: CitizenErasure[] = [];
  noteErased(): Promise<void> {
    return Promise.resolve(); // retention runs record no erasure
  }
  async leaveDocuments(id: string, left: CitizenErasure['documentsLeft']): Promise<void> {
    this.erasures.find((e) => e.id === id)!.documentsLeft = left;
  }
  async withDocumentsLeft(city: string): Promise<CitizenErasure[]> {
    return this.erasures.filter((e) => e.tenantId === city && e.documentsLeft.length > 0);
  }
}

describe('the retention run', () => {
  const setup = (batch = 200) => {
    const retention = new FakeRetention();
    const erasures = new FakeRecordErasure(retention);
    const elsewhere = new FakePersonalDataElsewhere();
    const store = new InMemoryDocumentStore();
    const catalogue = { ready: true, all: (city: string) => (city === 'default' ? services : []) };
    const services = [
      { code: 'pothole' },
      { code: 'parking-permit', retention: { closedCasesForDays: 2557 } },
    ] as ServiceDefinition[];
    const eventKeys = new RecordedEventKeys();
    const apply = new ApplyRetentionUseCase(
      new FakeTransaction(),
      retention,
      erasures,
      elsewhere,
      new DocumentBytes(new InMemoryCaseDocuments(), store),
      catalogue as unknown as CatalogueStore,
      eventKeys,
      { RETENTION_DAYS: 730, RETENTION_BATCH: batch },
    );
    const finished = (id: string, serviceCode: string, days: number, city = 'default') =>
      retention.cases.push({
        id,
        reference: `REF-${id}`,
        serviceCode,
        city,
        changedAt: daysAgo(days),
        anonymised: false,
      });
    return { retention, erasures, elsewhere, store, apply, finished, catalogue, eventKeys };
  };

  it("anonymises each service's finished requests past its own time, in every service, and reports it", async () => {
    const { retention, erasures, elsewhere, apply, finished, eventKeys } = setup();
    finished('p-old', 'pothole', 731);
    finished('p-new', 'pothole', 729);
    finished('permit-3y', 'parking-permit', 1100);
    finished('permit-8y', 'parking-permit', 2600);
    finished('gone-old', 'a-service-no-longer-offered', 800);
    finished('elsewhere-old', 'pothole', 900, 'other-city');
    const report = await apply.execute('default', 'schedule', now);
    expect(erasures.asked.flat().sort()).toEqual(['gone-old', 'p-old', 'permit-8y']);
    // The other services are asked about the requests alone: no citizen, no contact.
    expect(elsewhere.erased).toEqual(
      expect.arrayContaining([
        { citizenIds: [], caseIds: ['p-old'], caseReferences: ['REF-p-old'], contacts: [] },
      ]),
    );
    expect(report).toMatchObject({
      city: 'default',
      ranBy: 'schedule',
      ranAt: now.toISOString(),
      cases: 3,
      casesByService: { pothole: 1, 'parking-permit': 1, 'a-service-no-longer-offered': 1 },
      erased: {
        'case-service': { cases: 3 },
        'workflow-service': { counterTickets: 0, workflowRuns: 3 },
        'notification-service': { deliveries: 3, notifications: 0 },
        kafka: { dataKeys: 15 },
      },
    });
    // Their events on Kafka no longer open: the keys of each request's events and of the request as it arrived.
    expect(eventKeys.erased).toEqual(
      expect.arrayContaining(['case.events.v1/p-old', 'intake.requests.v1/REF-p-old']),
    );
    expect(eventKeys.erased.some((s) => s.endsWith('/p-new'))).toBe(false);
    expect(report).toMatchObject({ outcome: 'done', finishedAt: expect.any(String) });
    expect(retention.runsRecorded).toHaveLength(1);
    // Run again: nothing more is due.
    expect((await apply.execute('default', 'admin:admin-1', now)).cases).toBe(0);
  });

  it('goes through many in batches, each once', async () => {
    const { erasures, apply, finished } = setup(2);
    for (let i = 0; i < 5; i++) finished(`p${i}`, 'pothole', 800 + i);
    expect((await apply.execute('default', 'schedule', now)).cases).toBe(5);
    expect(erasures.asked.map((b) => b.length)).toEqual([2, 2, 1]);
  });

  it('stops when a service cannot be reached, reporting what it did; the next run does the rest', async () => {
    const { retention, elsewhere, apply, finished } = setup(1);
    finished('a', 'pothole', 800);
    finished('b', 'pothole', 801);
    const erase = elsewhere.erase.bind(elsewhere);
    let calls = 0;
    elsewhere.erase = async (city, subject) => {
      if (++calls === 2) throw DomainError.unavailable('personal-data.unavailable', 'away', 30);
      return erase(city, subject);
    };
    await expect(apply.execute('default', 'schedule', now)).rejects.toMatchObject({ kind: 'unavailable' });
    expect(retention.runsRecorded[0]).toMatchObject({ casesByService: { pothole: 1 }, outcome: 'stopped' });
    expect((await apply.execute('default', 'schedule', now)).cases).toBe(1);
  });

  it("removes the documents' bytes, and tries again next run those the store would not remove", async () => {
    const { retention, store, apply, finished } = setup();
    finished('a', 'pothole', 800);
    store.files.set('k-a', Buffer.from('photo'));
    const remove = store.remove.bind(store);
    store.remove = async () => {
      throw new Error('store away');
    };
    await apply.execute('default', 'schedule', now);
    expect(retention.runsRecorded[0]!.documentsLeft).toEqual([{ key: 'k-a', sha256: 'a' }]);
    store.remove = remove;
    await apply.execute('default', 'schedule', now);
    expect(store.files.has('k-a')).toBe(false);
    expect(retention.runsRecorded[0]!.documentsLeft).toEqual([]);
  });

  it("is refused while the catalogue (each service's period) is not loaded, changing nothing", async () => {
    const { retention, erasures, apply, finished, catalogue } = setup();
    finished('permit-3y', 'parking-permit', 1100);
    catalogue.ready = false;
    await expect(apply.execute('default', 'schedule', now)).rejects.toMatchObject({ kind: 'unavailable' });
    expect(erasures.asked).toEqual([]);
    expect(retention.runsRecorded).toEqual([]);
  });

  it("is refused while a run of the city is under way, naming it, and changes nothing; another city's is not", async () => {
    const { retention, erasures, apply, finished } = setup();
    finished('a', 'pothole', 800);
    await retention.begin({ tenantId: 'default', ranAt: now, ranBy: 'schedule' });
    const refused = await apply.execute('default', 'admin:admin-1', now).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'conflict', code: 'retention.run-under-way' });
    expect((refused as Error).message).toContain('by schedule');
    expect(erasures.asked).toEqual([]);
    expect(retention.runsRecorded).toHaveLength(1);
    expect((await apply.execute('other-city', 'admin:admin-other', now)).outcome).toBe('done');
  });

  it('stops before its next batch once another took it to be cut short, and leaves it so', async () => {
    const { retention, erasures, apply, finished } = setup(1);
    finished('a', 'pothole', 800);
    finished('b', 'pothole', 801);
    const save = retention.save.bind(retention);
    retention.save = async (run) => {
      await save(run);
      // The first batch done: meanwhile another process took the run to be cut short, and began.
      if (retention.saves.length === 3)
        Object.assign(retention.runsRecorded[0]!, { finishedAt: new Date(), outcome: 'cut-short' });
    };
    await expect(apply.execute('default', 'schedule', now)).rejects.toMatchObject({
      code: 'retention.run-cut-short',
    });
    expect(erasures.asked).toEqual([['a']]);
    expect(retention.runsRecorded[0]).toMatchObject({ outcome: 'cut-short', casesByService: { pothole: 1 } });
  });

  it('writes its report with each batch, so a run cut short says what it did', async () => {
    const { retention, apply, finished } = setup(1);
    finished('a', 'pothole', 800);
    finished('b', 'pothole', 801);
    await apply.execute('default', 'schedule', now);
    // Before each batch (keeping it under way), after its rows, after its documents.
    expect(retention.saves.map((s) => s.pothole ?? 0)).toEqual([0, 1, 1, 1, 2, 2]);
  });

  it('tries again the bytes an erasure of a citizen could not remove', async () => {
    const { erasures, store, apply } = setup();
    store.files.set('k-erased', Buffer.from('photo'));
    erasures.erasures.push(
      Object.assign(new CitizenErasure(), {
        id: 'e1',
        tenantId: 'default',
        documentsLeft: [{ key: 'k-erased', sha256: 'x' }],
      }),
    );
    await apply.execute('default', 'schedule', now);
    expect(store.files.has('k-erased')).toBe(false);
    expect(erasures.erasures[0]!.documentsLeft).toEqual([]);
  });
});
