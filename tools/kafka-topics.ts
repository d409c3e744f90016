// Waits for the broker to answer, then creates every platform topic (and its dead-letter topic)
// with its intended partitions, cleanup policy and placement. Used by tools/infra up.
import { allTopicSpecs } from '@city/contracts';
import { createLogger } from '@city/platform-logging';
import { createKafka, ensureTopics, topicPlacementOf, waitForBroker } from '@city/platform-kafka';

async function main() {
  const logger = createLogger('kafka-topics', 'warn');
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
  const kafka = createKafka({ clientId: 'kafka-topics', brokers, topicPrefix: prefix }, logger);
  await waitForBroker(kafka, Number(process.env.KAFKA_WAIT_MS ?? 90_000));
  // One broker by default; KAFKA_REPLICATION_FACTOR and KAFKA_MIN_INSYNC_REPLICAS for a cluster (3 and 2).
  const created = await ensureTopics(
    kafka,
    allTopicSpecs(prefix),
    topicPlacementOf(process.env, brokers.length),
  );
  console.log(created.length ? `[infra] created topics: ${created.join(', ')}` : '[infra] all topics exist');
}

main().catch((e) => {
  console.error(`[infra] ${(e as Error).message}`);
  process.exit(1);
});
