import { SharingAgreements } from '@city/platform-config';
import { CaseDocument } from '../../record/case-document.entity';
import { InMemoryCaseDocuments } from '../../record/in-memory-case-documents';
import { recordFixture, ref } from '../../record/record-fixture';
import { ReadCaseUseCase } from './read-case.usecase';

describe('an agent opens a case', () => {
  const setup = () => {
    const { record, tx } = recordFixture();
    const documents = new InMemoryCaseDocuments();
    const read = new ReadCaseUseCase(
      record.caseRepository,
      record.citizenRepository,
      record.interactionRepository,
      documents,
      tx,
    );
    return { record, documents, read, tx };
  };

  it('shows the case, its citizen with contacts, its links both ways, timeline, interactions and documents', async () => {
    const { record, documents, read, tx } = setup();
    const anna = record.addCitizen({ firstName: 'Anna' }, [{ kind: 'email', value: 'anna@example.org' }]);
    const a = record.addCase({ reference: ref('a'), partyId: anna.id });
    const b = record.addCase({ reference: ref('b') });
    await record.caseRepository.addLinks([
      { fromCaseId: b.id, toCaseId: a.id, kind: 'duplicate-of', createdBy: 'case-service' },
    ]);
    await record.caseRepository.addToTimeline([
      {
        tenantId: 'default',
        caseId: a.id,
        kind: 'created',
        actor: 'citizen',
        channel: 'web',
        at: new Date(),
        summary: 'Request received',
        details: {},
      },
    ]);
    await record.interactionRepository.add([
      {
        tenantId: 'default',
        partyId: anna.id,
        channel: 'phone',
        direction: 'inbound',
        kind: 'phone-call',
        handledBy: 'agent-17',
        handlerKind: 'agent',
        occurredAt: new Date(),
        summary: 'Called about it',
        caseIds: [a.id],
        details: {},
      },
    ]);
    const doc = (id: string, caseId: string, uploadedAt: Date) =>
      Object.assign(new CaseDocument(), {
        id,
        tenantId: 'default',
        caseId,
        name: `${id}.pdf`,
        contentType: 'application/pdf' as const,
        size: 10,
        sha256: 'f'.repeat(64),
        storageKey: `default/ff/${'f'.repeat(64)}`,
        scan: 'not-scanned' as const,
        uploadedAt,
        uploadedBy: 'citizen' as const,
      });
    await documents.add([
      doc('second', a.id, new Date('2026-03-02T09:00:00Z')),
      doc('first', a.id, new Date('2026-03-01T09:00:00Z')),
      doc('of-b', b.id, new Date('2026-03-01T09:00:00Z')),
    ]);
    const seen = await read.execute('default', ref('a'));
    expect(seen.documents.map((d) => d.id)).toEqual(['first', 'second']);
    expect(seen.case.id).toBe(a.id);
    expect(seen.citizen?.contactPoints.map((cp) => cp.value)).toEqual(['anna@example.org']);
    expect(seen.links).toEqual([{ kind: 'duplicated-by', reference: ref('b'), direction: 'incoming' }]);
    expect(seen.timeline.map((t) => t.kind)).toEqual(['created']);
    expect(seen.interactions.map((i) => i.channel)).toEqual(['phone']);
    expect(tx.snapshots).toBe(1);
  });

  it('answers not-found for a case of no one', async () => {
    const { read } = setup();
    await expect(read.execute('default', ref('none'))).rejects.toMatchObject({
      kind: 'not-found',
      code: 'case.not-found',
    });
  });

  it("opens another city's case for the city that works it (a shared service), and for no third city", async () => {
    const { record, read } = setup();
    const karin = record.addCitizen({ tenantId: 'other-city', firstName: 'Karin' }, [
      { kind: 'email', value: 'karin@example.se' },
    ]);
    record.agreements = new SharingAgreements(
      new Map([['other-city', { handOver: [{ services: ['graffiti'], to: 'default' }], takeOver: [] }]]),
    );
    record.addCase({
      tenantId: 'other-city',
      workedBy: 'default',
      serviceCode: 'graffiti',
      reference: ref('shared'),
      partyId: karin.id,
    });
    record.addCase({ tenantId: 'other-city', reference: ref('theirs') });
    const seen = await read.execute('default', ref('shared'));
    expect(seen.case).toMatchObject({ tenantId: 'other-city', workedBy: 'default' });
    expect(seen.citizen?.firstName).toBe('Karin');
    await expect(read.execute('default', ref('theirs'))).rejects.toMatchObject({ code: 'case.not-found' });
    await expect(read.execute('third-city', ref('shared'))).rejects.toMatchObject({ code: 'case.not-found' });
  });

  it('gives back the cases of an agreement that ended, open or closed, to their own city alone', async () => {
    const { record, read } = setup();
    record.addCase({
      tenantId: 'other-city',
      workedBy: 'default',
      serviceCode: 'graffiti',
      reference: ref('was-shared'),
      status: 'closed',
    });
    await expect(read.execute('default', ref('was-shared'))).rejects.toMatchObject({
      code: 'case.not-found',
    });
    expect((await read.execute('other-city', ref('was-shared'))).case.reference).toBe(ref('was-shared'));
  });
});
