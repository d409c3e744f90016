// The machine's raw ceilings, measured in the same run as a bench's figures: what the Kafka client
// alone produces with the gateway's settings, and what Postgres alone commits of the rows a case costs.
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { createEnvelope, requestReceivedV1 } from '@city/contracts';
import { createIdempotentProducer, type createKafka } from '@city/platform-kafka';

/** The same RequestReceived message the gateway makes, as raw bytes. */
export function sampleMessage(i: number) {
  const e = createEnvelope(requestReceivedV1, {
    tenantId: 'default',
    correlationId: randomUUID(),
    eventId: randomUUID(),
    payload: { ...requestReceivedV1.example.payload, idempotencyKey: `raw-${i}` },
  });
  return {
    key: `default:raw-${i}`,
    value: JSON.stringify(e),
    headers: {
      'event-type': e.type,
      'event-version': '1',
      'correlation-id': e.correlationId,
      'tenant-id': 'default',
    },
  };
}

export async function rawProduce(
  kafka: ReturnType<typeof createKafka>,
  topic: string,
  mode: 'per-message' | 'batched',
  seconds: number,
  connections: number,
): Promise<number> {
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  let sent = 0;
  const deadline = Date.now() + seconds * 1000;
  if (mode === 'per-message') {
    // What a gateway without batching does: each request awaits its own send, connections at once.
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (Date.now() < deadline) {
          await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: [sampleMessage(sent)] }] });
          sent++;
        }
      }),
    );
  } else {
    // The client-and-broker ceiling: one request in flight, 500 messages per request.
    while (Date.now() < deadline) {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [{ topic, messages: Array.from({ length: 500 }, (_, j) => sampleMessage(sent + j)) }],
      });
      sent += 500;
    }
  }
  await producer.disconnect();
  return sent / seconds;
}

/** The same rows a case costs (inbox, citizen, contact point, case, subscription, interaction, timeline, outbox), in one transaction. */
export async function rawCommitRate(pool: Pool, schema: string, seconds: number): Promise<number> {
  let n = 0;
  const deadline = Date.now() + seconds * 1000;
  const s = `"${schema}"`;
  const oneCase = async (c: PoolClient) => {
    const id = randomUUID();
    await c.query('BEGIN');
    try {
      await c.query(`INSERT INTO ${s}.inbox (consumer, event_id) VALUES ('raw', $1)`, [id]);
      const p = await c.query(
        `INSERT INTO ${s}.parties (tenant_id, first_name, last_name, preferred_channel, language, version) VALUES ('raw', 'Anna', 'de Vries', 'email', 'en', 1) RETURNING id`,
      );
      const party = p.rows[0].id as string;
      await c.query(
        `INSERT INTO ${s}.contact_points (tenant_id, party_id, kind, value) VALUES ('raw', $1, 'email', $2)`,
        [party, `${id}@example.org`],
      );
      const k = await c.query(
        `INSERT INTO ${s}.cases (tenant_id, reference, service_code, service_version, lgsl_id, interaction_type, status, attributes, lat, long, channel_of_origin, party_id, queue, received_at, version)
         VALUES ('raw', $1, 'pothole', 1, 557, 'reporting', 'received', '{"depth":"deep"}', 51.5, -0.1, 'web', $2, 'highways', now(), 1) RETURNING id`,
        [`RAW-${id}`, party],
      );
      const caseId = k.rows[0].id as string;
      await c.query(
        `INSERT INTO ${s}.case_subscriptions (case_id, party_id, reason) VALUES ($1, $2, 'reporter')`,
        [caseId, party],
      );
      await c.query(
        `INSERT INTO ${s}.interactions (tenant_id, party_id, channel, direction, kind, occurred_at, summary, case_ids, details) VALUES ('raw', $1, 'web', 'inbound', 'web-submission', now(), 'x', ARRAY[$2::uuid], '{}')`,
        [party, caseId],
      );
      await c.query(
        `INSERT INTO ${s}.timeline_entries (tenant_id, case_id, kind, actor, channel, at, summary, details) VALUES ('raw', $1, 'created', 'citizen', 'web', now(), 'x', '{}')`,
        [caseId],
      );
      await c.query(
        `INSERT INTO ${s}.outbox (topic, message_key, event) VALUES ('case.events.v1', $1, '{"type":"CaseOpened"}')`,
        [caseId],
      );
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK');
      throw e;
    }
  };
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      const c = await pool.connect();
      try {
        while (Date.now() < deadline) {
          await oneCase(c);
          n++;
        }
      } finally {
        c.release();
      }
    }),
  );
  return n / seconds;
}

/** The same rows, 200 cases a transaction in two statements (how the case-service writes a batch): the batched ceiling. */
export async function rawBatchedCommitRate(
  pool: Pool,
  schema: string,
  seconds: number,
  perTransaction = 200,
): Promise<number> {
  let n = 0;
  const deadline = Date.now() + seconds * 1000;
  const s = `"${schema}"`;
  const oneBatch = async (c: PoolClient) => {
    await c.query('BEGIN');
    try {
      await c.query(
        `INSERT INTO ${s}.inbox (consumer, event_id) SELECT 'raw', gen_random_uuid() FROM generate_series(1, $1)`,
        [perTransaction],
      );
      await c.query(
        `WITH p AS (INSERT INTO ${s}.parties (tenant_id, first_name, last_name, preferred_channel, language, version) SELECT 'raw', 'Anna', 'de Vries', 'email', 'en', 1 FROM generate_series(1, $1) RETURNING id),
              cp AS (INSERT INTO ${s}.contact_points (tenant_id, party_id, kind, value) SELECT 'raw', id, 'email', id::text || '@example.org' FROM p),
              k AS (INSERT INTO ${s}.cases (tenant_id, reference, service_code, service_version, lgsl_id, interaction_type, status, attributes, lat, long, channel_of_origin, party_id, queue, received_at, version)
                    SELECT 'raw', 'RAW-' || gen_random_uuid(), 'pothole', 1, 557, 'reporting', 'received', '{"depth":"deep"}', 51.5, -0.1, 'web', id, 'highways', now(), 1 FROM p RETURNING id, party_id),
              sub AS (INSERT INTO ${s}.case_subscriptions (case_id, party_id, reason) SELECT id, party_id, 'reporter' FROM k),
              i AS (INSERT INTO ${s}.interactions (tenant_id, party_id, channel, direction, kind, occurred_at, summary, case_ids, details) SELECT 'raw', party_id, 'web', 'inbound', 'web-submission', now(), 'x', ARRAY[id], '{}' FROM k),
              t AS (INSERT INTO ${s}.timeline_entries (tenant_id, case_id, kind, actor, channel, at, summary, details) SELECT 'raw', id, 'created', 'citizen', 'web', now(), 'x', '{}' FROM k)
         INSERT INTO ${s}.outbox (topic, message_key, event) SELECT 'case.events.v1', id::text, '{"type":"CaseOpened"}' FROM k`,
        [perTransaction],
      );
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK');
      throw e;
    }
  };
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      const c = await pool.connect();
      try {
        while (Date.now() < deadline) {
          await oneBatch(c);
          n += perTransaction;
        }
      } finally {
        c.release();
      }
    }),
  );
  return n / seconds;
}
