import { allTopicSpecs, TOPICS } from '@city/contracts';
import { createLogger } from '@city/platform-logging';
import { createKafka } from './kafka-client';
import { uniquePrefix } from './topic-probe';
import { deleteTopicsWithPrefix, ensureTopics } from './topics-admin';
import { ConfigResourceTypes } from 'kafkajs';

/** The platform's topics as the broker really has them: partitions, compaction, dead-letter topics. */
describe('ensureTopics (real Kafka)', () => {
  const prefix = uniquePrefix('topics');
  const kafka = createKafka(
    {
      clientId: 'topics-test',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    createLogger('t', 'silent'),
  );
  afterAll(() => deleteTopicsWithPrefix(kafka, prefix));

  it('creates every topic with its partitions, the catalogue compacted, and is idempotent', async () => {
    const specs = allTopicSpecs(prefix);
    expect(await ensureTopics(kafka, specs)).toHaveLength(specs.length);
    expect(await ensureTopics(kafka, specs)).toEqual([]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const meta = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) });
      for (const s of specs)
        expect(meta.topics.find((t) => t.name === s.name)?.partitions).toHaveLength(s.partitions);
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [TOPICS.catalogueServices, TOPICS.intakeRequests].map((t) => ({
          type: ConfigResourceTypes.TOPIC,
          name: prefix + t,
          configNames: ['cleanup.policy'],
        })),
      });
      const policy = (t: string) =>
        configs.resources.find((r) => r.resourceName === prefix + t)?.configEntries[0].configValue;
      expect(policy(TOPICS.catalogueServices)).toBe('compact');
      expect(policy(TOPICS.intakeRequests)).toBe('delete');
    } finally {
      await admin.disconnect();
    }
  });
});
