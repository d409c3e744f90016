import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { allTopicSpecs } from '@city/contracts';
import { assertTestDatabase } from '@city/platform-database';
import { createKafka, ensureTopics, uniquePrefix } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { roomyRateLimits } from './rate-limit-settings';
import { removeTestState } from './test-state';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';

/**
 * A back-end service started in this process on an ephemeral port, on topics, a database schema and
 * BullMQ keys of its own (against the real Kafka, Postgres and Redis), and what closes and removes them.
 */
export async function startServiceUnderTest<C extends { REDIS_URL: string }>(o: {
  label: string;
  load: (env: Record<string, string>) => C;
  create: (config: C) => Promise<INestApplication>;
}): Promise<{ url: string; config: C; close: () => Promise<void> }> {
  assertTestDatabase(TEST_DB);
  const prefix = uniquePrefix(o.label);
  const id = randomUUID().slice(0, 8);
  const schema = `${o.label}_${id}`;
  const queuePrefix = `${o.label}-${id}`;
  const kafka = createKafka(
    {
      clientId: `${o.label}-test`,
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    createLogger('test', 'silent'),
  );
  await ensureTopics(kafka, allTopicSpecs(prefix));
  const config = o.load({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    KAFKA_TOPIC_PREFIX: prefix,
    DATABASE_URL: TEST_DB,
    DB_SCHEMA: schema,
    QUEUE_PREFIX: queuePrefix,
    PORT: '0',
    // Who may call each route is the question here: no allowance left over in Redis from an earlier
    // run (a route's limit counts before its roles are checked) may answer 429 instead.
    ...roomyRateLimits(`${prefix}-rl`),
  });
  const app = await o.create(config);
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  return {
    url,
    config,
    close: async () => {
      await app.close();
      await removeTestState({
        kafka,
        topicPrefix: prefix,
        redisUrl: config.REDIS_URL,
        queuePrefix,
        databaseUrl: TEST_DB,
        schemas: [schema],
      });
    },
  };
}
