import type { CaseStatus } from '@city/contracts';
import { CaseSatisfaction } from '../../record/case-satisfaction.entity';
import { recordFixture, ref } from '../../record/record-fixture';
import { ReadSatisfactionUseCase } from './read-satisfaction.usecase';

const DAY = 86_400_000;

describe('the satisfaction question of a request, for the page the emailed link opens', () => {
  const setup = () => {
    const f = recordFixture();
    const read = new ReadSatisfactionUseCase(f.tx, f.record.caseRepository);
    const caseResolved = async (name: string, status: CaseStatus, resolvedDaysAgo: number | null) => {
      const c = f.record.addCase({ reference: ref(name), status });
      if (resolvedDaysAgo !== null)
        await f.record.caseRepository.addToTimeline([
          {
            tenantId: 'default',
            caseId: c.id,
            kind: 'status-changed',
            actor: 'agent:agent-17',
            channel: null,
            at: new Date(Date.now() - resolvedDaysAgo * DAY),
            summary: '→ resolved',
            details: { change: 'status-changed', to: 'resolved' },
          },
        ]);
      return c;
    };
    return { ...f, read, caseResolved };
  };

  it('says whether it takes answers, until when, and the answer given, in one snapshot', async () => {
    const { record, tx, read, caseResolved } = setup();
    const c = await caseResolved('a', 'resolved', 1);
    const resolvedAt = record.timelineOf(c.id)[0].at;
    expect(await read.execute('default', ref('a'))).toEqual({
      reference: ref('a'),
      open: true,
      openUntil: new Date(resolvedAt.getTime() + 30 * DAY).toISOString(),
      answer: null,
    });
    await record.caseRepository.saveSatisfaction(
      Object.assign(new CaseSatisfaction(), {
        caseId: c.id,
        tenantId: 'default',
        score: 5,
        via: 'email',
        answeredAt: new Date('2026-03-03T09:00:00Z'),
      }),
    );
    expect((await read.execute('default', ref('a').toLowerCase())).answer).toEqual({
      score: 5,
      via: 'email',
      at: '2026-03-03T09:00:00.000Z',
    });
    expect(tx.snapshots).toBe(2);
  });

  it('a question whose window is over is shown closed; a request not asked about is refused with the reason', async () => {
    const { read, caseResolved } = setup();
    await caseResolved('late', 'closed', 40);
    await caseResolved('busy', 'open', null);
    expect(await read.execute('default', ref('late'))).toMatchObject({ open: false, answer: null });
    await expect(read.execute('default', ref('busy'))).rejects.toMatchObject({
      kind: 'conflict',
      code: 'satisfaction.not-asked',
    });
    await expect(read.execute('default', ref('nobody'))).rejects.toMatchObject({ kind: 'not-found' });
  });
});
