import { createHmac, randomUUID } from 'node:crypto';
import { allTopicSpecs, TOPICS, type RequestReceivedV1 } from '@city/contracts';
import { createIdempotentProducer, createKafka, ensureTopics, EventPublisher } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import {
  publishServices,
  repositoryCatalogue,
  roomyRateLimits,
  startThrowawayKafka,
  TopicProbe,
  type ThrowawayKafka,
} from '@city/platform-testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createGateway } from '../src/bootstrap';
import { loadGatewayConfig, type GatewayConfig } from '../src/config';
import { json, pothole, waitUntilReady } from './gateway.harness';

/**
 * Takes a real broker down under the gateway: it must answer 503 with Retry-After, never a false
 * acceptance, report not ready, and accept again once the broker is back. A broker of its own
 * (another port) is used so the shared one stays up for other tests.
 */
describe('when Kafka is down (a real broker, killed)', () => {
  let broker: ThrowawayKafka;
  let app: NestFastifyApplication;
  let url: string;
  let probe: TopicProbe;
  let publisher: EventPublisher;
  let config: GatewayConfig;
  const kafkaFor = () =>
    createKafka(
      { clientId: 'test', brokers: broker.brokers, topicPrefix: '' },
      createLogger('test', 'silent'),
    );

  beforeAll(async () => {
    broker = await startThrowawayKafka(19092, 19093);
    const kafka = kafkaFor();
    await ensureTopics(kafka, allTopicSpecs());
    publisher = new EventPublisher(createIdempotentProducer(kafka), { maxBatch: 100, ackTimeoutMs: 10_000 });
    await publishServices(publisher, TOPICS.catalogueServices, repositoryCatalogue());
    await publisher.close();
    config = loadGatewayConfig({
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      KAFKA_BROKERS: broker.brokers.join(','),
      KAFKA_ACK_TIMEOUT_MS: '2500',
      PORT: '0',
      ...roomyRateLimits(),
    });
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    await waitUntilReady(url, 30_000);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await probe?.stop();
    await broker?.stop();
  });

  it('accepts while up, answers 503 with Retry-After while down, and accepts the retry once back (a request, and a signed telephony event: no replay)', async () => {
    const up = await fetch(`${url}/api/v1/requests`, json(pothole('while-up')));
    expect(up.status).toBe(202);
    const accepted = (await up.json()).reference;

    await broker.kill();
    const key = `retry-${randomUUID()}`;
    const started = Date.now();
    const down = await fetch(
      `${url}/api/v1/requests`,
      json(pothole('while-down'), { 'idempotency-key': key }),
    );
    expect(down.status).toBe(503);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await down.json()).toMatchObject({
      statusCode: 503,
      message: expect.stringMatching(/nothing was submitted/),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await fetch(`${url}/health/ready`)).status).toBe(503);
    // A signed telephony event that could not be passed on is not remembered as seen: its retry is no replay.
    const call = `call-${randomUUID()}`;
    const callBody = JSON.stringify({
      event: 'call.started',
      callId: call,
      callerNumber: '07700 900456',
      agentId: 'agent-3',
    });
    const signedAt = Math.floor(Date.now() / 1000);
    const callEvent = (): RequestInit => ({
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-telephony-timestamp': String(signedAt),
        'x-telephony-signature': `sha256=${createHmac('sha256', config.TELEPHONY_WEBHOOK_SECRET).update(`${signedAt}.${callBody}`).digest('hex')}`,
      },
      body: callBody,
    });
    expect((await fetch(`${url}/api/v1/phone/telephony/events`, callEvent())).status).toBe(503);

    await broker.restart();
    await waitUntilReady(url, 60_000);
    let callRetry: Response | null = null;
    for (let i = 0; i < 40; i++) {
      callRetry = await fetch(`${url}/api/v1/phone/telephony/events`, callEvent());
      if (callRetry.status !== 503) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(callRetry!.status).toBe(202);
    // The client's retry, with the same key, is accepted: Kafka was back.
    let retry: Response | null = null;
    for (let i = 0; i < 40; i++) {
      retry = await fetch(`${url}/api/v1/requests`, json(pothole('while-down'), { 'idempotency-key': key }));
      if (retry.status === 202) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(retry!.status).toBe(202);
    const retried = (await retry!.json()).reference;

    // What is on the topic: the request accepted before the crash, and the retried one; no 503 was a lie.
    probe = await new TopicProbe(kafkaFor(), TOPICS.intakeRequests).start();
    await probe.waitFor((m) => m.json<RequestReceivedV1>().payload.reference === accepted, 20_000);
    await probe.waitFor((m) => m.json<RequestReceivedV1>().payload.reference === retried, 20_000);
    const downCopies = probe.filter((m) => m.json<RequestReceivedV1>().payload.reference === retried);
    // A 503 may leave at most one copy behind (sent just as the broker died); it carries the same
    // eventId as the accepted retry, so the case-service's inbox drops it.
    expect(new Set(downCopies.map((m) => m.json<RequestReceivedV1>().eventId)).size).toBe(1);
  }, 180_000);
});
