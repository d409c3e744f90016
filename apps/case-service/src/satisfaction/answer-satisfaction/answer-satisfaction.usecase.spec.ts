import type { CaseStatus, SatisfactionRecordedV1 } from '@city/contracts';
import type { CaseRecord } from '../../record/case.entity';
import { recordFixture, ref } from '../../record/record-fixture';
import { CitizenViews } from '../../requests/citizen-view/citizen-views';
import { FollowRequestUseCase } from '../../requests/follow-request/follow-request.usecase';
import { AnswerSatisfactionUseCase } from './answer-satisfaction.usecase';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

describe('a citizen answers how satisfied they are with how their request was handled', () => {
  const setup = () => {
    const f = recordFixture();
    const anna = f.record.addCitizen({}, [{ kind: 'email', value: 'anna@example.org' }]);
    const lars = f.record.addCitizen({}, [{ kind: 'email', value: 'lars@example.org' }]);
    const follow = new FollowRequestUseCase(
      f.record.caseRepository,
      f.record.citizenRepository,
      new CitizenViews(f.record.caseRepository),
      f.tx,
      f.config,
    );
    const answer = new AnswerSatisfactionUseCase(follow, f.tx, f.record.caseRepository, f.outbox);
    /** A case of Anna's whose status went through these changes, each a number of days ago. */
    const caseWith = async (
      name: string,
      status: CaseStatus,
      changes: Array<[to: CaseStatus, daysAgo: number]>,
    ) => {
      const c = f.record.addCase({
        reference: ref(name),
        partyId: anna.id,
        status,
        channelOfOrigin: 'phone',
      });
      await f.record.caseRepository.addToTimeline(
        changes.map(([to, ago]) => ({
          tenantId: 'default',
          caseId: c.id,
          kind: 'status-changed' as const,
          actor: 'agent:agent-17',
          channel: 'phone',
          at: daysAgo(ago),
          summary: `→ ${to}`,
          details: { change: 'status-changed', to },
        })),
      );
      return c;
    };
    const satisfactionLines = (c: CaseRecord) =>
      f.record.timelineOf(c.id).filter((t) => t.kind === 'satisfaction-recorded');
    return { ...f, anna, lars, answer, caseWith, satisfactionLines };
  };
  const onPortal = (score: 1 | 2 | 3 | 4 | 5, email = 'anna@example.org') => ({
    score,
    via: 'portal' as const,
    actor: 'citizen',
    secondFactor: { email },
  });

  it('records the answer on the case, on its timeline for the agent, and out as SatisfactionRecorded', async () => {
    const { record, outbox, answer, caseWith, satisfactionLines } = setup();
    const c = await caseWith('a', 'resolved', [['resolved', 2]]);
    const state = await answer.execute('default', ref('a').toLowerCase(), onPortal(4));

    const resolvedAt = record.timelineOf(c.id)[0].at;
    expect(state).toEqual({
      reference: ref('a'),
      open: true,
      openUntil: new Date(resolvedAt.getTime() + 30 * DAY).toISOString(),
      answer: { score: 4, via: 'portal', at: expect.any(String) },
    });
    expect(record.satisfaction).toEqual([
      expect.objectContaining({ caseId: c.id, tenantId: 'default', score: 4, via: 'portal' }),
    ]);
    expect(satisfactionLines(c)).toEqual([
      expect.objectContaining({
        actor: 'citizen',
        channel: 'portal',
        summary: 'Satisfaction: 4 of 5 (satisfied), in the portal',
        details: { score: 4, previousScore: null, via: 'portal' },
      }),
    ]);
    const [event] = outbox.events<SatisfactionRecordedV1>('SatisfactionRecorded');
    expect(outbox.items[0]).toMatchObject({ topic: 'case.events.v1', key: c.id });
    expect(event.payload).toEqual({
      caseId: c.id,
      reference: ref('a'),
      serviceCode: 'pothole',
      channelOfOrigin: 'phone',
      score: 4,
      previousScore: null,
      via: 'portal',
      resolvedAt: resolvedAt.toISOString(),
      at: state.answer!.at,
    });
  });

  it('a new answer within the window replaces the one given (the report counts the latest); the same one again changes nothing', async () => {
    const { record, outbox, answer, caseWith, satisfactionLines } = setup();
    const c = await caseWith('a', 'closed', [
      ['resolved', 10],
      ['closed', 3],
    ]);
    await answer.execute('default', ref('a'), onPortal(4));
    const changed = await answer.execute('default', ref('a'), {
      score: 2,
      via: 'sms',
      actor: 'citizen:self-service via notification-service',
    });
    expect(changed.answer).toMatchObject({ score: 2, via: 'sms' });
    expect(record.satisfaction).toEqual([expect.objectContaining({ caseId: c.id, score: 2, via: 'sms' })]);
    expect(satisfactionLines(c).map((t) => [t.summary, t.actor])).toEqual([
      ['Satisfaction: 4 of 5 (satisfied), in the portal', 'citizen'],
      [
        'Satisfaction changed from 4 to 2 of 5 (dissatisfied), by text reply',
        'citizen:self-service via notification-service',
      ],
    ]);
    expect(
      outbox
        .events<SatisfactionRecordedV1>('SatisfactionRecorded')
        .map((e) => [e.payload.score, e.payload.previousScore]),
    ).toEqual([
      [4, null],
      [2, 4],
    ]);

    const again = await answer.execute('default', ref('a'), onPortal(2));
    expect(again.answer).toMatchObject({ score: 2, via: 'sms' });
    expect(satisfactionLines(c)).toHaveLength(2);
    expect(outbox.items).toHaveLength(2);
  });

  it('asks about the first resolution: a case reopened (and resolved again) answers within the window of its first', async () => {
    const { record, outbox, answer, caseWith } = setup();
    const a = await caseWith('a', 'resolved', [
      ['resolved', 20],
      ['open', 15],
      ['resolved', 1],
    ]);
    await caseWith('b', 'open', [
      ['resolved', 5],
      ['open', 4],
    ]);
    const first = record.timelineOf(a.id)[0].at;
    expect((await answer.execute('default', ref('a'), onPortal(3))).openUntil).toBe(
      new Date(first.getTime() + 30 * DAY).toISOString(),
    );
    expect(outbox.events<SatisfactionRecordedV1>()[0].payload.resolvedAt).toBe(first.toISOString());
    // Reopened and not resolved again: the citizen who reopened it still has their say.
    expect((await answer.execute('default', ref('b'), onPortal(1))).answer?.score).toBe(1);
  });

  it('refuses, changing nothing, a request not resolved yet, one not asked about, and an answer after the window, each in a sentence', async () => {
    const { record, outbox, answer, caseWith } = setup();
    await caseWith('busy', 'in-progress', [['in-progress', 1]]);
    await caseWith('dup', 'duplicate', []);
    await caseWith('gone', 'withdrawn', [['withdrawn', 1]]);
    await caseWith('late', 'closed', [
      ['resolved', 31],
      ['closed', 26],
    ]);
    await expect(answer.execute('default', ref('busy'), onPortal(5))).rejects.toMatchObject({
      kind: 'conflict',
      code: 'satisfaction.not-asked',
      message: `We do not ask how satisfied you are with ${ref('busy')}: it has not been resolved yet; we ask once it is.`,
    });
    await expect(answer.execute('default', ref('dup'), onPortal(5))).rejects.toMatchObject({
      kind: 'conflict',
      code: 'satisfaction.not-asked',
      fields: [{ field: 'reference', reason: expect.stringContaining('joined to an earlier report') }],
    });
    await expect(answer.execute('default', ref('gone'), onPortal(5))).rejects.toMatchObject({
      code: 'satisfaction.not-asked',
    });
    const closedOn = daysAgo(1).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    await expect(answer.execute('default', ref('late'), onPortal(5))).rejects.toMatchObject({
      kind: 'conflict',
      code: 'satisfaction.closed',
      message: `The question about ${ref('late')} closed on ${closedOn}; answers are no longer taken.`,
      fields: [{ field: 'score', reason: `answers were taken until ${closedOn}` }],
    });
    expect(record.satisfaction).toEqual([]);
    expect(record.timelineEntries.filter((t) => t.kind === 'satisfaction-recorded')).toEqual([]);
    expect(outbox.items).toEqual([]);
  });

  it("on the portal only the request's own citizen answers: a follower is refused, a wrong contact finds nothing", async () => {
    const { record, outbox, lars, answer, caseWith } = setup();
    const c = await caseWith('a', 'resolved', [['resolved', 1]]);
    await record.caseRepository.subscribe([{ caseId: c.id, partyId: lars.id, reason: 'follower' }]);
    await expect(answer.execute('default', ref('a'), onPortal(5, 'lars@example.org'))).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'request.not-reporter',
    });
    await expect(
      answer.execute('default', ref('a'), onPortal(5, 'someone@example.org')),
    ).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(
      answer.execute('default', ref('nobody'), {
        score: 5,
        via: 'email',
        actor: 'citizen:self-service via notification-service',
      }),
    ).rejects.toMatchObject({ kind: 'not-found', code: 'case.not-found' });
    await expect(
      answer.execute('default', 'not a reference', {
        score: 5,
        via: 'email',
        actor: 'citizen:self-service via notification-service',
      }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ field: 'reference', reason: 'not a valid reference' }],
    });
    expect(record.satisfaction).toEqual([]);
    expect(outbox.items).toEqual([]);
  });
});
