import type { CaseChangedV1 } from '@city/contracts';
import { recordFixture, ref } from '../../record/record-fixture';
import { CitizenViews } from '../citizen-view/citizen-views';
import { FollowRequestUseCase } from '../follow-request/follow-request.usecase';
import { ReopenRequestUseCase } from './reopen-request.usecase';

describe('a citizen reopens a resolved request', () => {
  const setup = () => {
    const f = recordFixture();
    const anna = f.record.addCitizen({}, [{ kind: 'email', value: 'anna@example.org' }]);
    const follow = new FollowRequestUseCase(
      f.record.caseRepository,
      f.record.citizenRepository,
      new CitizenViews(f.record.caseRepository),
      f.tx,
      f.config,
    );
    const reopen = new ReopenRequestUseCase(follow, f.tx, f.record.caseRepository, f.history);
    return { ...f, anna, reopen };
  };
  const body = { email: 'anna@example.org', reason: 'The hole is back after the rain' };

  it('moves it back to open with the reason, on its timeline and out as CaseChanged by the citizen', async () => {
    const { record, outbox, anna, reopen } = setup();
    const c = record.addCase({ reference: ref('a'), partyId: anna.id, status: 'resolved', version: 4 });
    const saved = await reopen.execute('default', ref('a').toLowerCase(), body);
    expect(saved).toMatchObject({ status: 'open', version: 5 });
    expect(record.caseOf(ref('a'))?.status).toBe('open');
    expect(record.timelineOf(c.id)).toEqual([
      expect.objectContaining({
        kind: 'status-changed',
        actor: 'citizen',
        details: expect.objectContaining({ from: 'resolved', to: 'open', reason: body.reason }),
      }),
    ]);
    const [event] = outbox.events<CaseChangedV1>('CaseChanged');
    expect(event.payload).toMatchObject({
      change: 'status-changed',
      from: 'resolved',
      to: 'open',
      reason: body.reason,
      actor: 'citizen',
      reference: ref('a'),
      version: 5,
    });
  });

  it('refuses a closed request with the day it closed, and one still being dealt with, changing nothing', async () => {
    const { record, outbox, anna, reopen } = setup();
    const closed = record.addCase({ reference: ref('closed'), partyId: anna.id, status: 'closed' });
    await record.caseRepository.addToTimeline([
      {
        tenantId: 'default',
        caseId: closed.id,
        kind: 'status-changed',
        actor: 'workflow',
        channel: null,
        at: new Date('2026-03-03T10:00:00Z'),
        summary: 'resolved → closed',
        details: { change: 'status-changed', from: 'resolved', to: 'closed' },
      },
    ]);
    record.addCase({ reference: ref('busy'), partyId: anna.id, status: 'in-progress' });
    await expect(reopen.execute('default', ref('closed'), body)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'case.not-reopenable',
      fields: [{ field: 'status', reason: 'closed on 3 March 2026; make a new request' }],
    });
    await expect(reopen.execute('default', ref('busy'), body)).rejects.toMatchObject({
      kind: 'conflict',
      fields: [{ field: 'status', reason: expect.stringContaining('still being dealt with (in progress)') }],
    });
    expect(record.caseOf(ref('closed'))?.status).toBe('closed');
    expect(outbox.items).toEqual([]);
  });

  it("refuses a request still resolved once its service's period to reopen is over, naming the day, changing nothing", async () => {
    const { record, outbox, anna, reopen } = setup();
    // The workflow said it closes on 5 January; its CaseCloseDue has not come yet.
    record.addCase({
      reference: ref('late'),
      partyId: anna.id,
      status: 'resolved',
      closesAt: new Date('2026-01-05T09:00:00Z'),
    });
    await expect(reopen.execute('default', ref('late'), body)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'case.not-reopenable',
      fields: [
        { field: 'status', reason: 'the time to reopen it ended on 5 January 2026; make a new request' },
      ],
    });
    expect(record.caseOf(ref('late'))?.status).toBe('resolved');
    expect(outbox.items).toEqual([]);
    // Within its period: reopened, and no longer closing.
    record.addCase({
      reference: ref('in-time'),
      partyId: anna.id,
      status: 'resolved',
      closesAt: new Date(Date.now() + 24 * 3600_000),
    });
    expect(await reopen.execute('default', ref('in-time'), body)).toMatchObject({
      status: 'open',
      closesAt: null,
    });
  });

  it('answers a wrong second factor as no such case, and asks for one', async () => {
    const { record, anna, reopen } = setup();
    record.addCase({ reference: ref('a'), partyId: anna.id, status: 'resolved' });
    await expect(
      reopen.execute('default', ref('a'), { ...body, email: 'mallory@example.org' }),
    ).rejects.toMatchObject({
      kind: 'not-found',
      code: 'case.not-found',
    });
    await expect(reopen.execute('default', ref('a'), { reason: body.reason })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ field: 'email' }],
    });
    expect(record.caseOf(ref('a'))?.status).toBe('resolved');
  });

  it('refuses a citizen who only follows it (403 naming their contact), changing nothing', async () => {
    const { record, outbox, anna, reopen } = setup();
    const c = record.addCase({ reference: ref('a'), partyId: anna.id, status: 'resolved' });
    const lars = record.addCitizen({}, [{ kind: 'email', value: 'lars@example.org' }]);
    await record.caseRepository.subscribe([{ caseId: c.id, partyId: lars.id, reason: 'follower' }]);
    await expect(
      reopen.execute('default', ref('a'), { ...body, email: 'lars@example.org' }),
    ).rejects.toMatchObject({
      kind: 'forbidden',
      fields: [{ field: 'email', reason: 'only the citizen who made this request can do this' }],
    });
    expect(record.caseOf(ref('a'))?.status).toBe('resolved');
    expect(outbox.items).toEqual([]);
  });

  it('wants a reason', async () => {
    const { record, anna, reopen } = setup();
    record.addCase({ reference: ref('a'), partyId: anna.id, status: 'resolved' });
    await expect(reopen.execute('default', ref('a'), { ...body, reason: '  ' })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ field: 'reason' }],
    });
  });
});
