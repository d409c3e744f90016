import { FakeInbox, FakeOutbox, FakeTransaction, requestReceived } from '@city/platform-testing/fakes';
import type { CaseOpenedV1 } from '@city/contracts';
import { InMemoryRecord } from '../../record/in-memory-record';
import { OpenCaseUseCase } from './open-case.usecase';

describe('opening cases from every channel', () => {
  let record: InMemoryRecord;
  let outbox: FakeOutbox;
  let tx: FakeTransaction;
  let openCase: OpenCaseUseCase;

  beforeEach(() => {
    record = new InMemoryRecord();
    outbox = new FakeOutbox();
    tx = new FakeTransaction();
    openCase = new OpenCaseUseCase(
      tx,
      new FakeInbox(),
      outbox,
      record.caseRepository,
      record.citizenRepository,
      record.interactionRepository,
      { DUPLICATE_RADIUS_BY_SERVICE: {} },
    );
  });

  it('opens a case with its citizen, its first interaction and timeline line, and CaseOpened, in one transaction', async () => {
    const e = requestReceived();
    expect(await openCase.execute([e])).toEqual({ opened: 1, alreadyHandled: 0 });
    const c = record.caseOf(e.payload.reference)!;
    expect(c).toMatchObject({
      status: 'received',
      serviceCode: 'pothole',
      channelOfOrigin: 'web',
      queue: 'highways',
    });
    expect(record.parties).toHaveLength(1);
    expect(c.partyId).toBe(record.parties[0].id);
    expect(record.interactionRows).toEqual([
      expect.objectContaining({
        kind: 'web-submission',
        channel: 'web',
        direction: 'inbound',
        caseIds: [c.id],
      }),
    ]);
    expect(record.timelineOf(c.id).map((t) => t.kind)).toEqual(['created']);
    const [opened] = outbox.events<CaseOpenedV1>('CaseOpened');
    expect(opened.payload).toMatchObject({
      caseId: c.id,
      reference: c.reference,
      citizenId: c.partyId,
      duplicateOf: null,
    });
    expect(opened.causationId).toBe(e.eventId);
    expect(tx.runs).toBe(1);
  });

  it('handles a redelivered event once', async () => {
    const e = requestReceived();
    await openCase.execute([e]);
    expect(await openCase.execute([e, e])).toEqual({ opened: 0, alreadyHandled: 2 });
    expect(record.cases).toHaveLength(1);
    expect(outbox.events('CaseOpened')).toHaveLength(1);
  });

  it("joins a second request with the same email to the citizen's record", async () => {
    const first = requestReceived();
    const second = requestReceived({ contact: first.payload.contact, location: null });
    await openCase.execute([first, second]);
    expect(record.parties).toHaveLength(1);
    expect(new Set(record.cases.map((c) => c.partyId)).size).toBe(1);
  });

  it('links a second report of the same pothole in the same batch as a duplicate, and the reporter follows the original', async () => {
    const at = { lat: 51.9225, long: 4.47917, address: 'Coolsingel 40', propertyId: null };
    const first = requestReceived({ location: at });
    const again = requestReceived({ location: { ...at, lat: at.lat + 0.00005 } });
    await openCase.execute([first, again]);
    const original = record.caseOf(first.payload.reference)!;
    const duplicate = record.caseOf(again.payload.reference)!;
    expect(duplicate).toMatchObject({ status: 'duplicate', duplicateOf: original.id });
    expect(record.caseLinks).toEqual([
      expect.objectContaining({ fromCaseId: duplicate.id, toCaseId: original.id, kind: 'duplicate-of' }),
    ]);
    expect(record.caseSubscriptions).toContainEqual(
      expect.objectContaining({
        caseId: original.id,
        partyId: duplicate.partyId,
        reason: 'duplicate-reporter',
      }),
    );
    expect(record.timelineOf(original.id).map((t) => t.kind)).toEqual(['created', 'linked']);
  });

  it('locks the citizen and the place before it looks them up', async () => {
    const e = requestReceived();
    await openCase.execute([e]);
    const keys = tx.locked.flat();
    expect(keys).toContain(`default/citizen/email/${e.payload.contact!.email}`);
    expect(keys.some((k) => k.startsWith('default/') && k.includes('pothole'))).toBe(true);
  });
});
