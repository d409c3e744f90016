import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { allTopicSpecs, TOPICS } from '@city/contracts';
import {
  createIdempotentProducer,
  createKafka,
  deleteTopicsWithPrefix,
  ensureTopics,
  EventPublisher,
} from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import {
  publishServices,
  repositoryCatalogue,
  roomyRateLimits,
  TopicProbe,
  uniquePrefix,
} from '@city/platform-testing';
import { createGateway } from '../src/bootstrap';
import { loadGatewayConfig, type GatewayConfig } from '../src/config';

export interface Harness {
  url: string;
  prefix: string;
  config: GatewayConfig;
  app: NestFastifyApplication;
  publisher: EventPublisher;
  intake: TopicProbe;
  screenPops: TopicProbe;
  close(): Promise<void>;
}

/**
 * A gateway on an ephemeral port against the real Kafka and Redis, with topics of its own (a unique
 * prefix), the repository's catalogue published to them, and probes reading what it produces. Its
 * rate limits are out of the way unless `env` sets RATE_LIMITS.
 */
export async function startGateway(env: Record<string, string> = {}): Promise<Harness> {
  const prefix = uniquePrefix('gw');
  const config = loadGatewayConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    KAFKA_TOPIC_PREFIX: prefix,
    PORT: '0',
    HOST: '127.0.0.1',
    KAFKA_ACK_TIMEOUT_MS: '3000',
    ...roomyRateLimits(),
    ...env,
  });
  const logger = createLogger('test', 'silent');
  const kafka = createKafka({ clientId: 'test', brokers: config.KAFKA_BROKERS, topicPrefix: prefix }, logger);
  await ensureTopics(kafka, allTopicSpecs(prefix));
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 500,
    ackTimeoutMs: 10_000,
  });
  await publishServices(publisher, prefix + TOPICS.catalogueServices, repositoryCatalogue());
  const [intake, screenPops] = await Promise.all([
    new TopicProbe(kafka, prefix + TOPICS.intakeRequests).start(),
    new TopicProbe(kafka, prefix + TOPICS.agentScreenPops).start(),
  ]);
  const app = await createGateway(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  await waitUntilReady(url, 30_000);
  return {
    url,
    prefix,
    config,
    app,
    publisher,
    intake,
    screenPops,
    close: async () => {
      await app.close().catch(() => undefined); // a test may have closed it already
      await Promise.all([intake.stop(), screenPops.stop(), publisher.close()]);
      await deleteTopicsWithPrefix(kafka, prefix);
    },
  };
}

export async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await fetch(`${url}/health/ready`).catch(() => null);
    if (r?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`gateway not ready: ${r ? await r.text() : 'no answer'}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export const form = (fields: Record<string, string | string[]>): RequestInit => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of ([] as string[]).concat(v)) p.append(k, x);
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: p.toString(),
  };
};

/** A valid pothole report; `marker` goes in the description so a test can find its own message. */
export const pothole = (marker: string, extra: Record<string, unknown> = {}) => ({
  serviceCode: 'pothole',
  description: `Deep pothole ${marker}`,
  attributes: { depth: 'deep', 'road-type': 'carriageway', hazard: 'yes' },
  location: { lat: 51.5072, long: -0.1276 },
  contact: { firstName: 'Anna', lastName: 'de Vries', email: 'anna@example.org', phone: '07700 900123' },
  language: 'nl',
  ...extra,
});
