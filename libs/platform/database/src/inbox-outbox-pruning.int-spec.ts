import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createIdempotentProducer, createKafka, EventPublisher, TopicNames } from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';
import { assertTestDatabase, ensureSchema } from './data-source';
import { OutboxRelayHost } from './database.providers';
import { InboxRecord, OutboxMessage } from './inbox-outbox.entities';
import { pruneInboxOutbox } from './inbox-outbox';

const TEST_DB = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/omnichannel_test';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The outbox keeps message texts and addresses, the inbox grows with every event: both are pruned (real Postgres). */
describe('pruning the inbox and the outbox (real Postgres)', () => {
  const schema = `prune_${randomUUID().slice(0, 8)}`;
  let ds: DataSource;

  beforeAll(async () => {
    assertTestDatabase(TEST_DB);
    await ensureSchema(TEST_DB, schema);
    ds = new DataSource({
      type: 'postgres',
      url: TEST_DB,
      schema,
      entities: [InboxRecord, OutboxMessage],
      synchronize: true,
      logging: false,
    });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds?.destroy();
  });

  /** An outbox row as a service writes it: a message to a citizen, with their address and text. */
  const outboxRow = (marker: string, createdAgoMs: number, publishedAgoMs: number | null) => ({
    topic: 'notification.events.v1',
    key: marker,
    event: {
      marker,
      payload: { address: 'anna@example.org', text: 'Your request EA49-HVS1-TVR was received' },
    },
    createdAt: new Date(Date.now() - createdAgoMs),
    publishedAt: publishedAgoMs === null ? null : new Date(Date.now() - publishedAgoMs),
  });
  const outboxMarkers = async () => (await ds.getRepository(OutboxMessage).find()).map((o) => o.key).sort();
  const inboxRow = (consumer: string, handledAgoMs: number) => ({
    consumer,
    eventId: randomUUID(),
    handledAt: new Date(Date.now() - handledAgoMs),
  });
  const inboxConsumers = async () =>
    (await ds.getRepository(InboxRecord).find()).map((i) => i.consumer).sort();
  const clear = async () => {
    await ds.getRepository(OutboxMessage).clear();
    await ds.getRepository(InboxRecord).clear();
  };

  it('old published outbox rows go, in batches; unpublished ones stay however old, and so do recent ones', async () => {
    await clear();
    await ds
      .getRepository(OutboxMessage)
      .insert([
        ...Array.from({ length: 5 }, (_, i) =>
          outboxRow(`published-2-days-ago-${i}`, 2 * DAY, 2 * DAY - 1_000),
        ),
        outboxRow('unpublished-for-10-days', 10 * DAY, null),
        outboxRow('published-an-hour-ago', 3 * DAY, HOUR),
        outboxRow('unpublished-new', 0, null),
      ]);
    const pruned = await pruneInboxOutbox(ds, {
      outboxRetentionMs: DAY,
      inboxRetentionMs: 45 * DAY,
      batchSize: 2,
    });
    expect(pruned.outbox).toBe(5);
    expect(await outboxMarkers()).toEqual([
      'published-an-hour-ago',
      'unpublished-for-10-days',
      'unpublished-new',
    ]);
  });

  it('inbox rows older than the inbox retention go; younger ones stay, so a redelivered event is still dropped', async () => {
    await clear();
    await ds
      .getRepository(InboxRecord)
      .insert([
        ...Array.from({ length: 3 }, () => inboxRow('handled-60-days-ago', 60 * DAY)),
        inboxRow('handled-40-days-ago', 40 * DAY),
        inboxRow('handled-today', HOUR),
      ]);
    const pruned = await pruneInboxOutbox(ds, {
      outboxRetentionMs: DAY,
      inboxRetentionMs: 45 * DAY,
      batchSize: 2,
    });
    expect(pruned.inbox).toBe(3);
    expect(await inboxConsumers()).toEqual(['handled-40-days-ago', 'handled-today']);
  });

  it("a service's outbox relay prunes when it starts and then at every interval, with its configured retentions", async () => {
    await clear();
    const logger = createLogger('test', 'silent');
    const kafka = createKafka(
      {
        clientId: 'prune-test',
        brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
        topicPrefix: 'unused-',
      },
      logger,
    );
    const publisher = new EventPublisher(createIdempotentProducer(kafka), {
      maxBatch: 10,
      ackTimeoutMs: 1_000,
    });
    await ds
      .getRepository(OutboxMessage)
      .insert([
        outboxRow('published-3-hours-ago', 3 * HOUR, 3 * HOUR),
        outboxRow('published-just-now', 0, 0),
      ]);
    await ds
      .getRepository(InboxRecord)
      .insert([inboxRow('handled-40-days-ago', 40 * DAY), inboxRow('handled-today', HOUR)]);
    const host = new OutboxRelayHost(ds, publisher, new TopicNames('unused-'), logger, {
      OUTBOX_IDLE_MS: 100,
      OUTBOX_RETENTION_HOURS: 2,
      INBOX_RETENTION_DAYS: 31,
      PRUNE_INTERVAL_MS: 300,
    });
    host.onApplicationBootstrap();
    try {
      for (let i = 0; i < 50 && (await outboxMarkers()).length > 1; i++) await sleep(100);
      expect(await outboxMarkers()).toEqual(['published-just-now']);
      expect(await inboxConsumers()).toEqual(['handled-today']);
      // Later rows age past the retention too: the next round takes them.
      await ds.getRepository(OutboxMessage).insert(outboxRow('published-a-day-ago', DAY, DAY));
      for (let i = 0; i < 50 && (await outboxMarkers()).length > 1; i++) await sleep(100);
      expect(await outboxMarkers()).toEqual(['published-just-now']);
    } finally {
      await host.beforeApplicationShutdown();
      await publisher.close();
    }
  });
});
