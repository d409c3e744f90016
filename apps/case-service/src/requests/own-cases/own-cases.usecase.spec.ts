import { ownCasesSchema } from '@city/contracts';
import { recordFixture, ref } from '../../record/record-fixture';
import { CitizenViews } from '../citizen-view/citizen-views';
import { OwnCasesUseCase } from './own-cases.usecase';

const setup = () => {
  const f = recordFixture();
  const own = new OwnCasesUseCase(
    f.record.caseRepository,
    f.record.citizenRepository,
    new CitizenViews(f.record.caseRepository),
    f.tx,
  );
  return { ...f, own };
};

describe("a signed-in citizen's own requests", () => {
  it('are those of the record owning their verified email (through a merge) and those they follow, never a record held apart', async () => {
    const { record, own } = setup();
    const survivor = record.addCitizen();
    const anna = record.addCitizen({ mergedInto: survivor.id }, [
      { kind: 'email', value: 'anna@example.org' },
    ]);
    const apart = record.addCitizen({}, [{ kind: 'email', value: 'anna@example.org', heldApart: true }]);
    record.addCase({ reference: ref('mine'), partyId: survivor.id, receivedAt: new Date('2026-03-01') });
    const followed = record.addCase({ reference: ref('followed'), receivedAt: new Date('2026-03-02') });
    record.addCase({ reference: ref('someone-else'), partyId: apart.id });
    await record.caseRepository.subscribe([
      { caseId: followed.id, partyId: survivor.id, reason: 'duplicate-reporter' },
    ]);
    expect(anna.mergedInto).toBe(survivor.id);
    expect((await own.execute('default', 'anna@example.org')).map((c) => c.case.reference)).toEqual([
      ref('followed'),
      ref('mine'),
    ]);
    expect(await own.execute('default', null)).toEqual([]);
  });

  it('each with what the citizen may see of it, in the same few reads however many cases there are', async () => {
    const { record, tx, own } = setup();
    const survivor = record.addCitizen();
    record.addCitizen({ mergedInto: survivor.id }, [{ kind: 'email', value: 'anna@example.org' }]);
    const lars = record.addCitizen();
    const dueAt = new Date('2026-03-10T17:00:00Z');
    const original = record.addCase({
      reference: ref('original'),
      partyId: lars.id,
      status: 'in-progress',
      resolutionDueAt: dueAt,
      receivedAt: new Date('2026-03-01'),
    });
    const mine = record.addCase({
      reference: ref('mine'),
      partyId: survivor.id,
      status: 'duplicate',
      duplicateOf: original.id,
      resolutionDueAt: dueAt,
      receivedAt: new Date('2026-03-02'),
    });
    const open = record.addCase({
      reference: ref('open'),
      partyId: survivor.id,
      resolutionDueAt: dueAt,
      receivedAt: new Date('2026-03-03'),
    });
    await record.caseRepository.subscribe([
      { caseId: original.id, partyId: survivor.id, reason: 'duplicate-reporter' },
    ]);
    const line = (caseId: string, kind: 'created' | 'message-sent', citizenId: string | null, m: number) => ({
      tenantId: 'default',
      caseId,
      kind,
      actor: kind === 'created' ? 'citizen' : 'notification-service',
      channel: kind === 'created' ? 'phone' : 'sms',
      at: new Date(Date.UTC(2026, 2, 4, 9, m)),
      summary: 'as written for agents',
      details: citizenId ? { citizenId } : {},
    });
    await record.caseRepository.addToTimeline([
      line(original.id, 'created', null, 0),
      line(original.id, 'message-sent', lars.id, 1),
      line(original.id, 'message-sent', survivor.id, 2),
      line(mine.id, 'created', null, 3),
      line(open.id, 'created', null, 4),
    ]);
    const repo = record.caseRepository;
    const reads = ['timelines', 'byIds', 'satisfactionOf', 'timeline', 'byId', 'byReference'] as const;
    const spies = reads.map((m) => jest.spyOn(repo, m));

    const seen = await own.execute('default', 'anna@example.org');
    expect(seen.map((s) => [s.case.reference, s.view])).toEqual([
      [
        ref('open'),
        {
          expectedBy: dueAt.toISOString(),
          firstResponseBy: null,
          reopenUntil: null,
          satisfaction: null,
          timeline: [
            expect.objectContaining({ kind: 'created', text: 'Your request was received by phone.' }),
          ],
          duplicateOf: null,
        },
      ],
      [
        ref('mine'),
        {
          expectedBy: null,
          firstResponseBy: null,
          reopenUntil: null,
          satisfaction: null,
          timeline: [expect.objectContaining({ kind: 'created' })],
          duplicateOf: { reference: ref('original'), status: 'in-progress', expectedBy: dueAt.toISOString() },
        },
      ],
      // Followed, not theirs: no received line of its reporter, and only the message sent to them.
      [
        ref('original'),
        expect.objectContaining({
          timeline: [
            {
              at: '2026-03-04T09:02:00.000Z',
              kind: 'message-sent',
              text: 'A text message was sent to you.',
              facts: { medium: 'sms' },
            },
          ],
        }),
      ],
    ]);
    // One read of the timelines, one of the originals and one of the answers for all three cases; none per case.
    expect(Object.fromEntries(reads.map((m, i) => [m, spies[i].mock.calls.length]))).toEqual({
      timelines: 1,
      byIds: 1,
      satisfactionOf: 1,
      timeline: 0,
      byId: 0,
      byReference: 0,
    });
    expect(tx.snapshots).toBe(1);
    expect(
      ownCasesSchema.safeParse({
        count: seen.length,
        cases: seen.map(({ case: c, view }) => ({
          reference: c.reference,
          service: c.serviceCode,
          status: c.status,
          receivedAt: c.receivedAt.toISOString(),
          summary: 'a sentence',
          ...view,
        })),
      }).success,
    ).toBe(true);
  });
});
