import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  cleanupKafka,
  fuzzOpenApi,
  prepareKafka,
  startApp,
  uniquePrefix,
  type RunningApp,
} from '@city/platform-testing';
import { startGateway, type Harness } from './gateway.harness';

const DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/**
 * Hostile input at every route of the gateway: every channel and Open311 in both formats (docs/scale-out.md,
 * Fuzzing), with the case-service it asks behind it (a request's status, a citizen's look-ups). The
 * gateway keeps nothing of its own: what it must not do for a refused request is publish it, so the
 * picture compared is what reached the intake topic.
 */
describe('intake-gateway: malformed and hostile input at every operation (OpenAPI-driven, fast-check)', () => {
  const prefix = uniquePrefix('gwfz');
  const schema = `gwfz_cases_${randomUUID().slice(0, 8)}`;
  let cases: RunningApp;
  let gw: Harness;
  beforeAll(async () => {
    await prepareKafka(prefix, BROKERS);
    cases = await startApp('case-service', 0, {
      KAFKA_TOPIC_PREFIX: prefix,
      DATABASE_URL: DB,
      DB_SCHEMA: schema,
    });
    gw = await startGateway({ CASE_SERVICE_URL: cases.url });
  }, 180_000);
  afterAll(async () => {
    await Promise.all([gw?.close(), cases?.stop()]);
    await cleanupKafka(prefix, BROKERS);
    const db = new Client({ connectionString: DB });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  });

  it('never answers 5xx, never stops answering, and publishes only what it accepted', async () => {
    let publishedNothing = 0;
    const result = await fuzzOpenApi({
      url: gw.url,
      users: ['anna', 'agent-17', 'clerk-9', 'supervisor-1', 'admin-1'],
      runs: Number(process.env.FUZZ_RUNS ?? 60),
      seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
      // What is on the intake topic, once each request accepted so far is there (the probe reads it a
      // moment after the 202), so a message of an earlier input is not taken for a refused one's.
      snapshot: async ({ byStatus }) => {
        const expected = (byStatus['202'] ?? 0) - publishedNothing;
        const deadline = Date.now() + 2_000;
        while (gw.intake.messages.length < expected && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 20));
        // Accepted and published nothing (the replay of an idempotency key): not waited for again.
        if (gw.intake.messages.length < expected) publishedNothing += expected - gw.intake.messages.length;
        return String(gw.intake.messages.length);
      },
    });
    console.log(
      `[fuzz] intake-gateway: ${result.inputs} inputs over ${result.operations} operations; answers ${JSON.stringify(result.byStatus)}`,
    );
    expect(result.problems).toEqual([]);
    // Every message on the intake topic is a request the gateway accepted (202), none of a refused one.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(gw.intake.messages.length).toBeLessThanOrEqual(result.byStatus['202'] ?? 0);
  }, 900_000);
});
