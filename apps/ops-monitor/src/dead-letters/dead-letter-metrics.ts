import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '@city/platform-logging';
import { METRICS, Metrics } from '@city/platform-metrics';
import { DEAD_LETTER_SOURCES } from './dead-letter';
import { DeadLetterRepository } from './dead-letter.repository';

/**
 * `city_ops_dead_letters_waiting{topic}`: the letters of each topic still waiting to be put back, read
 * from the read model when Prometheus scrapes (every topic of the platform, with zeros; a database
 * that does not answer leaves the series out of that scrape). Where `city_kafka_dead_letters_total`
 * says a group gave up on something, this says whether anyone has dealt with it since.
 */
@Injectable()
export class DeadLetterMetrics {
  constructor(
    letters: DeadLetterRepository,
    @Inject(APP_LOGGER) logger: Logger,
    @Optional() metrics?: Metrics,
  ) {
    if (!metrics?.enabled) return;
    metrics.gauge(
      METRICS.opsDeadLettersWaiting,
      'Dead letters waiting to be put back',
      ['topic'],
      async (g) => {
        g.reset();
        const counts = await letters.counts().catch((e: Error) => {
          logger.warn({ err: e.message }, 'dead letters waiting unknown for this scrape');
          return null;
        });
        if (!counts) return;
        const waiting = new Map(counts.map((c) => [c.topic, c.waiting]));
        for (const topic of new Set([...DEAD_LETTER_SOURCES, ...waiting.keys()]))
          g.set({ topic }, waiting.get(topic) ?? 0);
      },
    );
  }
}
