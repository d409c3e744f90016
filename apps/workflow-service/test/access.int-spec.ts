import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { allTopicSpecs } from '@city/contracts';
import { routePolicies } from '@city/platform-auth';
import { assertTestDatabase } from '@city/platform-database';
import { createKafka, ensureTopics, uniquePrefix } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { accessFailures, removeTestState, tryAccess } from '@city/platform-testing';
import { AppModule } from '../src/app.module';
import { createWorkflowService } from '../src/bootstrap';
import { loadWorkflowConfig } from '../src/config';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';

/**
 * Every route of the workflow-service that is not public, tried over HTTP with real tokens from the real
 * Keycloak: 401 without a token, with an expired one, one changed after signing and one signed by
 * another realm's key; 403 for another city's agent and for a role or service the route does not
 * allow; neither for one it does.
 */
describe('workflow-service: who may call what (real Keycloak)', () => {
  const prefix = uniquePrefix('wf');
  const schema = `wf_access_${randomUUID().slice(0, 8)}`;
  const queuePrefix = `wf-access-${randomUUID().slice(0, 8)}`;
  const kafka = createKafka({ clientId: 'wf-access', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), topicPrefix: prefix }, createLogger('test', 'silent'));
  const config = loadWorkflowConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', KAFKA_TOPIC_PREFIX: prefix, DATABASE_URL: TEST_DB, DB_SCHEMA: schema, QUEUE_PREFIX: queuePrefix, PORT: '0' });
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureTopics(kafka, allTopicSpecs(prefix));
    app = await createWorkflowService(config);
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await removeTestState({ kafka, topicPrefix: prefix, redisUrl: config.REDIS_URL, queuePrefix, databaseUrl: TEST_DB, schemas: [schema] });
  });

  it('refuses every caller a route does not allow, and lets in those it does', async () => {
    const tries = await tryAccess(url, routePolicies(AppModule.register(config)));
    expect(accessFailures(tries)).toEqual([]);
    expect(tries.filter((t) => t.expected !== 'allowed').length).toBeGreaterThanOrEqual(60);
  }, 60_000);
});
