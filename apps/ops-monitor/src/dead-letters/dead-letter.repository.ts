import type { DeadLetter, TopicCounts } from './dead-letter';

/** One replay, as it is recorded: who asked, when, and what became of each letter (by id). */
export interface ReplayRecord {
  id: string;
  topic: string;
  at: Date;
  actor: string;
  actorSubject: string;
  /** The letters asked for, or null for every waiting letter of the topic. */
  requested: string[] | null;
  outcomes: Record<string, string>;
}

/** The dead letters' read model. */
export abstract class DeadLetterRepository {
  /** Adds the letters not yet known (a letter read again after a restart changes nothing); returns how many were new. */
  abstract addNew(letters: DeadLetter[]): Promise<number>;
  /**
   * Marks letters put back by someone outside the ops-monitor (`npm run dlq:replay`), at the time
   * given, unless already marked put back.
   */
  abstract noteReplayedElsewhere(marks: Array<{ topic: string; id: string; at: Date }>): Promise<void>;
  /** Per topic that has letters: how many wait, were put back, are gone; the newest failure. */
  abstract counts(): Promise<TopicCounts[]>;
  /** The newest first; `replayed` true: those put back, false: those not put back; absent: all. */
  abstract list(q: { topic?: string; replayed?: boolean; limit: number }): Promise<DeadLetter[]>;
  abstract byIds(topic: string, ids: string[]): Promise<DeadLetter[]>;
  /** Every letter of the topic still waiting, oldest first. */
  abstract waiting(topic: string): Promise<DeadLetter[]>;
  /**
   * Records a replay, and on its letters: those put back (now, or found put back before) with when,
   * by whom and the replay, those found gone from the topic with when.
   */
  abstract recordReplay(
    replay: ReplayRecord,
    marks: { replayed: string[]; replayedBefore: string[]; expired: string[] },
  ): Promise<void>;
}
