import { firstResolutionOf, SATISFACTION_ANSWER_DAYS, satisfactionQuestionOf } from './satisfaction';

const at = (iso: string) => new Date(iso);

describe('the satisfaction question', () => {
  const resolved = at('2026-03-02T10:00:00Z');

  it('is put after the first resolution and takes answers for 30 days from it', () => {
    expect(SATISFACTION_ANSWER_DAYS).toBe(30);
    expect(satisfactionQuestionOf('resolved', resolved, at('2026-03-03T08:00:00Z'))).toEqual({
      asked: true,
      resolvedAt: resolved,
      openUntil: at('2026-04-01T10:00:00Z'),
      open: true,
    });
    expect(satisfactionQuestionOf('closed', resolved, at('2026-04-01T09:59:59Z'))).toMatchObject({
      open: true,
    });
    expect(satisfactionQuestionOf('closed', resolved, at('2026-04-01T10:00:00Z'))).toMatchObject({
      asked: true,
      open: false,
    });
  });

  it('a reopened case can still be answered about, within the window of its first resolution', () => {
    expect(satisfactionQuestionOf('open', resolved, at('2026-03-10T00:00:00Z'))).toMatchObject({
      asked: true,
      open: true,
      openUntil: at('2026-04-01T10:00:00Z'),
    });
  });

  it('is not put before a resolution, nor about a duplicate, a withdrawn request or one passed on', () => {
    expect(satisfactionQuestionOf('in-progress', null, resolved)).toEqual({
      asked: false,
      why: 'it has not been resolved yet; we ask once it is',
    });
    for (const status of ['duplicate', 'withdrawn', 'not-our-responsibility'] as const)
      expect(satisfactionQuestionOf(status, status === 'withdrawn' ? resolved : null, resolved)).toEqual({
        asked: false,
        why: expect.stringMatching(/joined|withdrawn|passed on/),
      });
  });

  it('counts from the first resolution, not a later one after a reopening', () => {
    const later = at('2026-03-20T10:00:00Z');
    expect(
      firstResolutionOf([
        { at: later, to: 'resolved' },
        { at: at('2026-03-05T10:00:00Z'), to: 'open' },
        { at: resolved, to: 'resolved' },
        { at: at('2026-03-01T10:00:00Z'), to: 'in-progress' },
      ]),
    ).toEqual(resolved);
    expect(firstResolutionOf([{ at: resolved, to: 'in-progress' }])).toBeNull();
    expect(firstResolutionOf([])).toBeNull();
  });
});
