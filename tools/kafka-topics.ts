// Waits for the broker to answer, then creates every platform topic (and its dead-letter topic)
// with its intended partitions and cleanup policy. Used by tools/infra up.
import { allTopicSpecs } from '@city/contracts';
import { createLogger } from '@city/platform-logging';
import { createKafka, ensureTopics, waitForBroker } from '@city/platform-kafka';

async function main() {
  const logger = createLogger('kafka-topics', 'warn');
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
  const kafka = createKafka({ clientId: 'kafka-topics', brokers, topicPrefix: prefix }, logger);
  await waitForBroker(kafka, Number(process.env.KAFKA_WAIT_MS ?? 90_000));
  const created = await ensureTopics(kafka, allTopicSpecs(prefix));
  console.log(created.length ? `[infra] created topics: ${created.join(', ')}` : '[infra] all topics exist');
}

main().catch((e) => {
  console.error(`[infra] ${(e as Error).message}`);
  process.exit(1);
});
