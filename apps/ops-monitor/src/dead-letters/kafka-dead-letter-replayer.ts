import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DomainError } from '@city/contracts';
import {
  deadLetterStandings,
  EventPublisher,
  KAFKA,
  KAFKA_LOGGER,
  replayDeadLetters,
  TopicNames,
  type Kafka,
} from '@city/platform-kafka';
import { letterId, placeOf } from './dead-letter';
import { DeadLetterReplayer, type ReplayOutcome } from './dead-letter-replayer';

/**
 * The platform's replay (`replayDeadLetters`, as `npm run dlq:replay` runs it) with the letters chosen
 * by their place: each goes back once, with its key and headers, to the original topic, where every
 * consumer group of that topic reads it again (the groups that had handled it find its event id in
 * their inbox and do nothing). The letters it did not put back are looked up in the replays' own
 * record, so one put back earlier from the command line is told apart from one the retention removed.
 */
@Injectable()
export class KafkaDeadLetterReplayer extends DeadLetterReplayer {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly publisher: EventPublisher,
    private readonly names: TopicNames,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async replay(topic: string, ids: string[]): Promise<Map<string, ReplayOutcome>> {
    const positions = ids.map(placeOf);
    let letters;
    try {
      letters = await replayDeadLetters(this.kafka, this.publisher, this.names, this.logger, {
        topic,
        positions,
      });
    } catch (e) {
      const reason = (e as Error).message;
      if (/under way/.test(reason))
        throw DomainError.conflict(
          'dead-letter.replay-under-way',
          `Another replay of ${topic}'s dead letters is under way; try again when it is done.`,
        );
      throw DomainError.unavailable(
        'dead-letter.replay-failed',
        `The dead letters of ${topic} could not all be put back (${reason}); those that went back are recorded at the next replay.`,
        10,
      );
    }
    const outcomes = new Map<string, ReplayOutcome>();
    for (const l of letters) if (l.replayed) outcomes.set(letterId(l), 'replayed');
    const rest = positions.filter((p) => !outcomes.has(letterId(p)));
    if (rest.length > 0) {
      // What was put back now is recorded even when the broker cannot say where the rest stand.
      const standings = await deadLetterStandings(this.kafka, this.names, topic, rest).catch((e: Error) => {
        this.logger.warn({ topic, err: e.message }, 'where the dead letters not put back stand is unknown');
        return new Map<string, string>();
      });
      for (const p of rest) {
        const s = standings.get(letterId(p));
        outcomes.set(
          letterId(p),
          s === 'replayed' ? 'replayed-before' : s === 'expired' ? 'expired' : 'not-reached',
        );
      }
    }
    return outcomes;
  }
}
