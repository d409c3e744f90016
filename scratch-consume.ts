import { randomUUID } from 'node:crypto';
import { createLogger } from '@city/platform-logging';
import { createIdempotentProducer, createKafka, EventPublisher, ManagedConsumer, TopicNames, ensureTopics, deleteTopicsWithPrefix, uniquePrefix, KAFKA_CLIENTS } from '@city/platform-kafka';

const N = 20000;
async function main() {
  const prefix = uniquePrefix('scratch');
  const logger = createLogger('s', 'warn');
  const names = new TopicNames(prefix);
  const admin = createKafka({ clientId: 's', brokers: ['127.0.0.1:9092'], topicPrefix: prefix }, logger);
  await ensureTopics(admin, [{ name: names.of('t.v1'), partitions: 6, compacted: false }, { name: names.of('t.v1.dlq'), partitions: 1, compacted: false }]);
  const pub = new EventPublisher(createIdempotentProducer(admin), { maxBatch: 500, ackTimeoutMs: 10000 });
  const value = JSON.stringify({ tenantId: 'default', pad: 'x'.repeat(600) });
  await Promise.all(Array.from({ length: N }, () => pub.send({ topic: names.of('t.v1'), key: randomUUID(), value })));
  await pub.close();
  for (const client of [...KAFKA_CLIENTS, ...KAFKA_CLIENTS]) {
    const kafka = createKafka({ clientId: 's', brokers: ['127.0.0.1:9092'], topicPrefix: prefix, client }, logger);
    const p2 = new EventPublisher(createIdempotentProducer(kafka), { maxBatch: 500, ackTimeoutMs: 10000 });
    let n = 0; let first = 0; const sizes: number[] = [];
    const t0 = performance.now();
    let done!: () => void; const all = new Promise<void>((r) => (done = r));
    const c = new ManagedConsumer(kafka, p2, names, logger, {
      groupId: `g-${randomUUID()}`, topics: ['t.v1'], handle: async () => undefined,
      handleBatch: async (ms) => { if (!first) first = performance.now() - t0; sizes.push(ms.length); n += ms.length; await new Promise((r) => setTimeout(r, 2)); if (n >= N) done(); },
    });
    await c.start();
    const started = performance.now() - t0;
    await all;
    const total = performance.now() - t0;
    console.log(`${client.padEnd(12)} start() ${started.toFixed(0)} ms, first batch ${first.toFixed(0)} ms, all ${N} ${total.toFixed(0)} ms, ${(N / ((total - first) / 1000)).toFixed(0)} msg/s after the first, ${sizes.length} batches, mean ${(N / sizes.length).toFixed(0)}`);
    await c.stop(); await p2.close();
  }
  await deleteTopicsWithPrefix(admin, prefix);
  process.exit(0);
}
main();
