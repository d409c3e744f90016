import { InMemoryDocumentStore } from '../../documents/in-memory-document.store';
import { CaseDocument } from '../../record/case-document.entity';
import { InMemoryCaseDocuments } from '../../record/in-memory-case-documents';
import { recordFixture, ref } from '../../record/record-fixture';
import { AuditTrail, type ReadOfTheirData } from '../audit-trail';
import { DataSubjects } from '../data-subjects';
import { FakePersonalDataElsewhere } from '../fake-personal-data-elsewhere';
import { ExportPersonalDataUseCase } from './export-personal-data.usecase';

class FakeAuditTrail extends AuditTrail {
  readonly asked: Array<{ subjects: string[]; references: string[]; contacts?: string[] }> = [];
  async readsAbout(
    _t: string,
    subjects: string[],
    references: string[],
    contacts?: string[],
  ): Promise<ReadOfTheirData[]> {
    this.asked.push({ subjects, references, contacts });
    return [
      { at: new Date('2026-11-30T10:00:00Z'), actor: 'agent:agent-17', action: 'case.read', outcome: 200 },
    ];
  }
}

describe("a citizen's export of their personal data", () => {
  const setup = () => {
    const f = recordFixture();
    const documents = new InMemoryCaseDocuments();
    const store = new InMemoryDocumentStore();
    const audit = new FakeAuditTrail();
    const elsewhere = new FakePersonalDataElsewhere();
    const useCase = new ExportPersonalDataUseCase(
      f.tx,
      new DataSubjects(f.record.citizenRepository, f.record.caseRepository),
      f.record.caseRepository,
      f.record.interactionRepository,
      documents,
      store,
      audit,
      elsewhere,
    );
    return { ...f, documents, store, audit, elsewhere, useCase };
  };

  it('holds their record, cases with timelines and documents, contacts, the reads of their data and what other services hold', async () => {
    const { record, documents, store, audit, elsewhere, useCase } = setup();
    const anna = record.addCitizen({ firstName: 'Anna', lastName: 'de Vries' }, [
      { kind: 'email', value: 'anna@example.org' },
      { kind: 'phone', value: '+31612345678' },
    ]);
    const theirs = record.addCase({
      reference: ref('theirs'),
      partyId: anna.id,
      description: 'Pothole by my door',
    });
    record.addCase({ reference: ref('someone-else'), description: "someone else's" });
    await record.caseRepository.addToTimeline([
      {
        tenantId: 'default',
        caseId: theirs.id,
        kind: 'note-added',
        actor: 'agent:agent-17',
        channel: null,
        at: new Date('2026-11-30T09:00:00Z'),
        summary: 'Internal note: called her back',
        details: {},
      },
      {
        tenantId: 'default',
        caseId: theirs.id,
        kind: 'citizen-replied',
        actor: 'citizen',
        channel: 'web',
        at: new Date('2026-11-30T09:10:00Z'),
        summary: 'The citizen replied: a message',
        details: { documents: [], message: 'It is next to the bus stop' },
      },
    ]);
    store.files.set('default/ab/abc', Buffer.from('photo bytes'));
    await documents.add([
      Object.assign(new CaseDocument(), {
        id: 'd1',
        tenantId: 'default',
        caseId: theirs.id,
        name: 'photo.jpg',
        contentType: 'image/jpeg',
        size: 11,
        sha256: 'abc',
        storageKey: 'default/ab/abc',
        scan: 'clean',
        uploadedAt: new Date('2026-11-30T09:30:00Z'),
        uploadedBy: 'citizen',
      }),
    ]);
    const out = await useCase.execute(
      'default',
      { citizenId: anna.id },
      { actor: 'clerk:clerk-9', identityCheck: 'photo-id' },
      new Date('2026-12-01T12:00:00Z'),
    );
    expect(out).toMatchObject({
      format: 'omnichannel-city/personal-data-export',
      version: 1,
      city: 'default',
      requestedBy: { actor: 'clerk:clerk-9', identityCheck: 'photo-id' },
      citizen: { id: anna.id, firstName: 'Anna', lastName: 'de Vries' },
    });
    expect(out.citizen?.contacts).toEqual(
      expect.arrayContaining([
        { kind: 'email', value: 'anna@example.org' },
        { kind: 'phone', value: '+31612345678' },
      ]),
    );
    expect(out.cases).toHaveLength(1);
    expect(out.cases[0]).toMatchObject({
      reference: ref('theirs'),
      description: 'Pothole by my door',
    });
    expect(out.cases[0].timeline.map((t) => [t.summary, t.message])).toEqual([
      ['Internal note: called her back', undefined],
      ['The citizen replied: a message', 'It is next to the bus stop'],
    ]);
    expect(out.cases[0].documents).toEqual([
      {
        name: 'photo.jpg',
        contentType: 'image/jpeg',
        size: 11,
        uploadedAt: '2026-11-30T09:30:00.000Z',
        contentBase64: Buffer.from('photo bytes').toString('base64'),
      },
    ]);
    expect(out.readsOfTheirData).toEqual([
      { at: '2026-11-30T10:00:00.000Z', actor: 'agent:agent-17', action: 'case.read', outcome: 200 },
    ]);
    expect(audit.asked).toEqual([
      {
        subjects: [anna.id],
        references: [ref('theirs')],
        contacts: expect.arrayContaining(['anna@example.org', '+31612345678']),
      },
    ]);
    // The other services are asked about exactly this citizen: their record, cases and contacts.
    expect(elsewhere.gathered).toEqual([
      {
        citizenIds: [anna.id],
        caseIds: [theirs.id],
        caseReferences: [ref('theirs')],
        contacts: expect.arrayContaining([
          { kind: 'email', value: 'anna@example.org' },
          { kind: 'phone', value: '+31612345678' },
        ]),
      },
    ]);
    expect(out.heldElsewhere).toEqual([{ service: 'notification-service', messages: [] }]);
  });

  it("never asks the other services by a contact held apart on the record: it is another person's", async () => {
    const { record, elsewhere, useCase } = setup();
    const maybe = record.addCitizen({ firstName: 'Maybe Anna' }, [
      { kind: 'phone', value: '+31611111111' },
      { kind: 'email', value: 'anna@example.org', heldApart: true },
    ]);
    await useCase.execute(
      'default',
      { citizenId: maybe.id },
      { actor: 'agent:agent-17', identityCheck: 'known-details' },
    );
    expect(elsewhere.gathered[0].contacts).toEqual([{ kind: 'phone', value: '+31611111111' }]);
  });

  it('finds the signed-in citizen by their verified email, never by a record held apart from it', async () => {
    const { record, elsewhere, useCase } = setup();
    const anna = record.addCitizen({ firstName: 'Anna' }, [{ kind: 'email', value: 'anna@example.org' }]);
    record.addCitizen({ firstName: 'Not Anna' }, [
      { kind: 'email', value: 'anna@example.org', heldApart: true },
    ]);
    const out = await useCase.execute(
      'default',
      { verifiedEmail: 'anna@example.org' },
      { actor: 'citizen:anna', identityCheck: null },
    );
    expect(out.citizen?.id).toBe(anna.id);
    expect(elsewhere.gathered[0].citizenIds).toEqual([anna.id]);
  });

  it('still asks the other services by the email of a citizen the record does not know', async () => {
    const { elsewhere, useCase } = setup();
    const out = await useCase.execute(
      'default',
      { verifiedEmail: 'new@example.org' },
      { actor: 'citizen:new', identityCheck: null },
    );
    expect(out.citizen).toBeNull();
    expect(out.cases).toEqual([]);
    expect(elsewhere.gathered).toEqual([
      {
        citizenIds: [],
        caseIds: [],
        caseReferences: [],
        contacts: [{ kind: 'email', value: 'new@example.org' }],
      },
    ]);
  });

  it('refuses a record of no one, and one of another city', async () => {
    const { record, useCase } = setup();
    const elsewhere = record.addCitizen({ tenantId: 'other-city' }, []);
    for (const id of ['7d0b6a52-8d5e-4b38-9d1c-5f7b2f1d8e01', elsewhere.id])
      await expect(
        useCase.execute(
          'default',
          { citizenId: id },
          { actor: 'agent:agent-17', identityCheck: 'known-details' },
        ),
      ).rejects.toMatchObject({ kind: 'not-found', code: 'citizen.not-found' });
  });
});
