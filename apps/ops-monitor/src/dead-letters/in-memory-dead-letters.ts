import { letterId, stateOf, type DeadLetter, type TopicCounts } from './dead-letter';
import { DeadLetterReplayer, type ReplayOutcome } from './dead-letter-replayer';
import { DeadLetterRepository, type ReplayRecord } from './dead-letter.repository';

/** The read model in memory, for the use cases' unit tests. */
export class InMemoryDeadLetters extends DeadLetterRepository {
  readonly rows = new Map<string, DeadLetter>();
  readonly replays: ReplayRecord[] = [];

  private key = (topic: string, id: string) => `${topic}#${id}`;
  get(topic: string, id: string): DeadLetter | undefined {
    return this.rows.get(this.key(topic, id));
  }

  async addNew(letters: DeadLetter[]): Promise<number> {
    let added = 0;
    for (const l of letters) {
      const k = this.key(l.topic, letterId(l));
      if (this.rows.has(k)) continue;
      this.rows.set(k, { ...l });
      added++;
    }
    return added;
  }

  async noteReplayedElsewhere(marks: Array<{ topic: string; id: string; at: Date }>): Promise<void> {
    for (const m of marks) {
      const l = this.get(m.topic, m.id);
      if (l && !l.replayedAt) l.replayedAt = m.at;
    }
  }

  async counts(): Promise<TopicCounts[]> {
    const out = new Map<string, TopicCounts>();
    for (const l of this.rows.values()) {
      const c = out.get(l.topic) ?? {
        topic: l.topic,
        waiting: 0,
        replayed: 0,
        expired: 0,
        newestFailedAt: null,
      };
      c[stateOf(l)]++;
      if (!c.newestFailedAt || l.failedAt > c.newestFailedAt) c.newestFailedAt = l.failedAt;
      out.set(l.topic, c);
    }
    return [...out.values()].sort((a, b) => a.topic.localeCompare(b.topic));
  }

  async list(q: { topic?: string; replayed?: boolean; limit: number }): Promise<DeadLetter[]> {
    return [...this.rows.values()]
      .filter((l) => !q.topic || l.topic === q.topic)
      .filter((l) => q.replayed === undefined || (l.replayedAt !== null) === q.replayed)
      .sort((a, b) => b.failedAt.getTime() - a.failedAt.getTime())
      .slice(0, q.limit);
  }

  async byIds(topic: string, ids: string[]): Promise<DeadLetter[]> {
    return ids.map((id) => this.get(topic, id)).filter((l): l is DeadLetter => l !== undefined);
  }

  async waiting(topic: string): Promise<DeadLetter[]> {
    return [...this.rows.values()]
      .filter((l) => l.topic === topic && stateOf(l) === 'waiting')
      .sort((a, b) => a.failedAt.getTime() - b.failedAt.getTime());
  }

  async recordReplay(
    replay: ReplayRecord,
    marks: { replayed: string[]; replayedBefore: string[]; expired: string[] },
  ): Promise<void> {
    this.replays.push(replay);
    const marked = (ids: string[], mark: (l: DeadLetter) => void) => {
      for (const id of ids) {
        const l = this.get(replay.topic, id);
        if (l) mark(l);
      }
    };
    marked(marks.replayed, (l) =>
      Object.assign(l, { replayedAt: replay.at, replayedBy: replay.actor, replayId: replay.id }),
    );
    marked(marks.replayedBefore, (l) => (l.replayedAt ??= replay.at));
    marked(marks.expired, (l) => (l.expiredAt = replay.at));
  }
}

/** A replayer that says what a test tells it to, and remembers what it was asked. */
export class FakeReplayer extends DeadLetterReplayer {
  readonly asked: Array<{ topic: string; ids: string[] }> = [];
  /** What becomes of a letter; `replayed` unless told otherwise. */
  readonly outcomes = new Map<string, ReplayOutcome>();
  failWith: Error | null = null;

  async replay(topic: string, ids: string[]): Promise<Map<string, ReplayOutcome>> {
    this.asked.push({ topic, ids });
    if (this.failWith) throw this.failWith;
    return new Map(ids.map((id) => [id, this.outcomes.get(id) ?? 'replayed']));
  }
}

/** A letter of case.events.v1 that failed at `failedAt`. */
export const aLetter = (partition: number, offset: number, over: Partial<DeadLetter> = {}): DeadLetter => ({
  topic: 'case.events.v1',
  partition,
  offset: String(offset),
  key: 'a5f0c7a2-1111-4c1b-9a55-0b8f3f0c2d11',
  originalPartition: 2,
  originalOffset: String(100 + offset),
  consumerGroup: 'ops-monitor.cases',
  eventType: 'CaseOpened',
  eventVersion: 1,
  eventId: `00000000-0000-4000-8000-${String(offset).padStart(12, '0')}`,
  tenantId: 'default',
  correlationId: null,
  error: 'payload.service: Invalid input',
  attempts: 1,
  failedAt: new Date(Date.UTC(2026, 2, 1, 9, offset)),
  replayOf: null,
  replayedAt: null,
  replayedBy: null,
  replayId: null,
  expiredAt: null,
  ...over,
});
