import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import { Transaction } from '@city/platform-database';
import { letterId, type DeadLetter } from '../dead-letter';
import { DeadLetterReplayer, type ReplayOutcome } from '../dead-letter-replayer';
import { DeadLetterRepository } from '../dead-letter.repository';

export interface ReplayDeadLettersCommand {
  /** The original topic (contracts' name). */
  topic: string;
  /** The letters to put back (`partition/offset` on `<topic>.dlq`); absent: every letter of the topic still waiting. */
  ids?: string[];
  /** Who asks (`admin:admin-1`) and their subject id, from the token. */
  actor: string;
  actorSubject: string;
}

/** Why a letter asked for was not put back now. */
export type SkipReason = 'already-replayed' | 'replayed-before' | 'expired' | 'not-reached';

export interface ReplayResult {
  replayId: string;
  topic: string;
  at: Date;
  by: string;
  /** Put back on the topic now. */
  replayed: string[];
  /** Not put back now, each with the reason in a word and in a sentence. */
  skipped: Array<{ id: string; reason: SkipReason; message: string }>;
}

const SKIPPED: Record<Exclude<ReplayOutcome, 'replayed'>, string> = {
  'replayed-before': 'It had already been put back by a replay outside the ops-monitor (npm run dlq:replay).',
  expired: 'It is no longer on the dead-letter topic: its retention removed it.',
  'not-reached':
    'The replay stopped before it (too many letters left behind to remember; see the log); replay again.',
};

/**
 * Puts dead letters back on their original topic, for an administrator: the letters asked for, or
 * every letter of the topic still waiting. A letter already put back is skipped and said; when none
 * of those asked for can go back, nothing happens and the answer is a conflict. Replays of one topic
 * take turns (an advisory lock held while the replay runs), and the replay is recorded with who asked,
 * when, and what became of each letter, in the same transaction.
 */
@Injectable()
export class ReplayDeadLettersUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly letters: DeadLetterRepository,
    private readonly replayer: DeadLetterReplayer,
  ) {}

  async execute(c: ReplayDeadLettersCommand): Promise<ReplayResult> {
    return this.tx.run(async () => {
      await this.tx.lock([`ops-dead-letters.replay:${c.topic}`]);
      const found = c.ids ? await this.letters.byIds(c.topic, c.ids) : await this.letters.waiting(c.topic);
      if (c.ids) {
        const known = new Set(found.map(letterId));
        const missing = c.ids.filter((id) => !known.has(id));
        if (missing.length > 0)
          throw DomainError.notFound(
            'dead-letter.not-found',
            `No dead letter ${missing.join(', ')} of ${c.topic} is known.`,
            [{ field: 'ids', reason: `not dead letters of ${c.topic}: ${missing.join(', ')}` }],
          );
      }
      const done = found.filter((l) => l.replayedAt !== null || l.expiredAt !== null);
      const todo = found.filter((l) => l.replayedAt === null && l.expiredAt === null);
      if (todo.length === 0)
        throw c.ids
          ? DomainError.conflict(
              'dead-letter.already-replayed',
              `${done.map(describe).join(' ')} Nothing was put back.`,
              [{ field: 'ids', reason: 'already put back, or gone from the topic' }],
            )
          : DomainError.conflict('dead-letter.none-waiting', `No dead letter of ${c.topic} is waiting.`);

      const outcomes = await this.replayer.replay(c.topic, todo.map(letterId));
      const at = new Date();
      const result: ReplayResult = {
        replayId: randomUUID(),
        topic: c.topic,
        at,
        by: c.actor,
        replayed: [],
        skipped: [],
      };
      const marks = { replayed: [] as string[], replayedBefore: [] as string[], expired: [] as string[] };
      for (const l of done)
        result.skipped.push({
          id: letterId(l),
          reason: l.replayedAt ? 'already-replayed' : 'expired',
          message: describe(l),
        });
      for (const l of todo) {
        const id = letterId(l);
        const outcome = outcomes.get(id) ?? 'not-reached';
        if (outcome === 'replayed') {
          result.replayed.push(id);
          marks.replayed.push(id);
          continue;
        }
        result.skipped.push({ id, reason: outcome, message: SKIPPED[outcome] });
        if (outcome === 'replayed-before') marks.replayedBefore.push(id);
        if (outcome === 'expired') marks.expired.push(id);
      }
      await this.letters.recordReplay(
        {
          id: result.replayId,
          topic: c.topic,
          at,
          actor: c.actor,
          actorSubject: c.actorSubject,
          requested: c.ids ?? null,
          outcomes: Object.fromEntries([
            ...result.replayed.map((id) => [id, 'replayed']),
            ...result.skipped.map((s) => [s.id, s.reason]),
          ]),
        },
        marks,
      );
      return result;
    });
  }
}

function describe(l: DeadLetter): string {
  const id = letterId(l);
  if (l.replayedAt)
    return `${id} was put back at ${l.replayedAt.toISOString()}${l.replayedBy ? ` by ${l.replayedBy}` : ' (outside the ops-monitor)'}.`;
  return `${id} is no longer on the dead-letter topic (found gone at ${l.expiredAt?.toISOString()}).`;
}
