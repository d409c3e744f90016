import { Injectable } from '@nestjs/common';
import { DEAD_LETTER_SOURCES, type DeadLetter, type TopicCounts } from '../dead-letter';
import { DeadLetterRepository } from '../dead-letter.repository';

export interface ListDeadLettersQuery {
  topic?: string;
  /** true: the letters put back; false: those not put back (waiting, or gone from the topic); absent: all. */
  replayed?: boolean;
  limit: number;
}

/**
 * The dead letters for operations: every topic's counts (each topic of the platform, with zeros), and
 * the letters asked for, the newest first.
 */
@Injectable()
export class ListDeadLettersUseCase {
  constructor(private readonly letters: DeadLetterRepository) {}

  async execute(q: ListDeadLettersQuery): Promise<{ topics: TopicCounts[]; letters: DeadLetter[] }> {
    const [counts, letters] = await Promise.all([this.letters.counts(), this.letters.list(q)]);
    const byTopic = new Map(counts.map((c) => [c.topic, c]));
    const known = DEAD_LETTER_SOURCES.map(
      (topic) => byTopic.get(topic) ?? { topic, waiting: 0, replayed: 0, expired: 0, newestFailedAt: null },
    );
    // A topic no longer in contracts that still has letters is shown too, after the others.
    const others = counts.filter((c) => !DEAD_LETTER_SOURCES.includes(c.topic));
    const topics = [...known, ...others].filter((c) => !q.topic || c.topic === q.topic);
    return { topics, letters };
  }
}
