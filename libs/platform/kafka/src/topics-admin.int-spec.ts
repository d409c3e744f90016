import { ConfigResourceTypes } from '@platformatic/kafka';
import { allTopicSpecs, TOPICS } from '@city/contracts';
import { createLogger } from '@city/platform-logging';
import { createKafka } from './kafka-client';
import { uniquePrefix } from './topic-probe';
import { deleteTopicsWithPrefix, ensureTopics } from './topics-admin';

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
    await kafka.withAdmin(async (admin) => {
      const meta = await admin.metadata({ topics: specs.map((s) => s.name), forceUpdate: true });
      for (const s of specs) expect(meta.topics.get(s.name)?.partitionsCount).toBe(s.partitions);
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [TOPICS.catalogueServices, TOPICS.intakeRequests].map((t) => ({
          resourceType: ConfigResourceTypes.TOPIC,
          resourceName: prefix + t,
          configurationKeys: ['cleanup.policy'],
        })),
      });
      const policy = (t: string) => configs.find((r) => r.resourceName === prefix + t)?.configs[0].value;
      expect(policy(TOPICS.catalogueServices)).toBe('compact');
      expect(policy(TOPICS.intakeRequests)).toBe('delete');
    });
  });
});
