import { randomUUID } from 'node:crypto';
import { counterVisitEndedV1, type CounterVisitEndedV1 } from '@city/contracts';
import { FakeInbox } from '@city/platform-testing/fakes';
import { recordFixture, ref } from '../../record/record-fixture';
import { RecordCounterVisitUseCase } from './record-counter-visit.usecase';

const visit = (payload: Partial<CounterVisitEndedV1['payload']>): CounterVisitEndedV1 => ({
  ...counterVisitEndedV1.example,
  eventId: randomUUID(),
  payload: { ...counterVisitEndedV1.example.payload, ...payload },
});

describe('a counter visit on the record', () => {
  const setup = () => {
    const f = recordFixture();
    const inbox = new FakeInbox();
    return {
      ...f,
      inbox,
      recordVisit: new RecordCounterVisitUseCase(
        f.tx,
        inbox,
        f.record.caseRepository,
        f.record.citizenRepository,
        f.record.interactionRepository,
      ),
    };
  };

  it("lands on the case's timeline and its citizen's contacts", async () => {
    const { record, recordVisit } = setup();
    const anna = record.addCitizen();
    const c = record.addCase({ reference: ref('a'), partyId: anna.id });
    expect(await recordVisit.execute(visit({ caseReference: ref('a') }))).toBe('recorded');
    expect(record.interactionRows).toEqual([
      expect.objectContaining({
        partyId: anna.id,
        channel: 'counter',
        kind: 'counter-visit',
        handledBy: 'clerk-2',
        caseIds: [c.id],
      }),
    ]);
    expect(record.timelineOf(c.id)).toEqual([
      expect.objectContaining({
        kind: 'contact',
        actor: 'clerk:clerk-2',
        summary: expect.stringContaining('Counter visit P007 at town-hall, counter 3'),
      }),
    ]);
  });

  it('finds the citizen by the contact left with the ticket (through a merge), and records nothing for a no-show', async () => {
    const { record, recordVisit } = setup();
    const survivor = record.addCitizen();
    record.addCitizen({ mergedInto: survivor.id }, [{ kind: 'email', value: 'anna@example.org' }]);
    await recordVisit.execute(visit({ caseReference: null }));
    expect(record.interactionRows.map((i) => i.partyId)).toEqual([survivor.id]);
    expect(await recordVisit.execute(visit({ outcome: 'no-show' }))).toBe('nothing-to-record');
  });

  it('records a visit once', async () => {
    const { record, recordVisit } = setup();
    record.addCase({ reference: ref('a') });
    const e = visit({ caseReference: ref('a') });
    await recordVisit.execute(e);
    expect(await recordVisit.execute(e)).toBe('already-handled');
    expect(record.interactionRows).toHaveLength(1);
  });
});
