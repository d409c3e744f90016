import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  cleanupKafka,
  describeFuzzing,
  prepareKafka,
  startApp,
  startServiceUnderTest,
  uniquePrefix,
} from '@city/platform-testing';
import { createNotificationService } from '../src/bootstrap';
import { loadNotificationConfig } from '../src/config';

const DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/**
 * Hostile input at every route of the notification-service (docs/scale-out.md, Fuzzing), with the case
 * record it asks (the inbox's second factor, opt-outs, satisfaction) running behind it.
 */
describeFuzzing({
  app: 'notification-service',
  start: async () => {
    const schema = `nsfz_cases_${randomUUID().slice(0, 8)}`;
    const prefix = uniquePrefix('nsfz');
    await prepareKafka(prefix, BROKERS);
    const cases = await startApp('case-service', 0, {
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: DB,
      DB_SCHEMA: schema,
    });
    const ns = await startServiceUnderTest({
      label: 'ns_fuzz',
      load: (env) => loadNotificationConfig({ ...env, CASE_SERVICE_URL: cases.url }),
      create: (c) => createNotificationService(c),
    });
    return {
      ...ns,
      close: async () => {
        await Promise.all([ns.close(), cases.stop()]);
        await cleanupKafka(prefix, BROKERS);
        const db = new Client({ connectionString: DB });
        await db.connect();
        await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await db.end();
      },
    };
  },
});
