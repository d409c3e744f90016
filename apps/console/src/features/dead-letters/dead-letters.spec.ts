import type { ReplayAnswer } from './dead-letter-types';
import { answerSummary, canPutBack, eventLabel, replayBody } from './dead-letters';

describe('dead letters on the console', () => {
  it('asks for the letters named, each once, or for every waiting letter of the topic', () => {
    expect(replayBody({ topic: 'case.events.v1', ids: ['0/4', '0/4', '1/2'] })).toEqual({
      topic: 'case.events.v1',
      ids: ['0/4', '1/2'],
    });
    expect(replayBody({ topic: 'case.events.v1' })).toEqual({ topic: 'case.events.v1' });
    expect(replayBody({ topic: 'case.events.v1', ids: [] })).toEqual({ topic: 'case.events.v1' });
  });

  it('names the event with its version, and nothing when the letter held no envelope', () => {
    expect(eventLabel({ eventType: 'CaseOpened', eventVersion: 1 })).toBe('CaseOpened v1');
    expect(eventLabel({ eventType: 'CaseOpened', eventVersion: null })).toBe('CaseOpened');
    expect(eventLabel({ eventType: null, eventVersion: null })).toBeNull();
  });

  it('offers to put back only a waiting letter', () => {
    expect(canPutBack({ state: 'waiting' })).toBe(true);
    expect(canPutBack({ state: 'replayed' })).toBe(false);
    expect(canPutBack({ state: 'expired' })).toBe(false);
  });

  it('counts what went back and groups what was skipped by reason, in a fixed order', () => {
    const answer: ReplayAnswer = {
      replayId: 'r',
      topic: 'case.events.v1',
      at: '2026-11-30T20:00:00.000Z',
      by: 'admin:admin-1',
      replayed: ['0/1', '0/2'],
      skipped: [
        { id: '0/5', reason: 'not-reached', message: 'm' },
        { id: '0/3', reason: 'already-replayed', message: 'm' },
        { id: '0/6', reason: 'not-reached', message: 'm' },
      ],
    };
    expect(answerSummary(answer)).toEqual({
      putBack: 2,
      skipped: [
        { reason: 'already-replayed', ids: ['0/3'] },
        { reason: 'not-reached', ids: ['0/5', '0/6'] },
      ],
    });
    expect(answerSummary({ ...answer, replayed: [], skipped: [] })).toEqual({ putBack: 0, skipped: [] });
  });
});
