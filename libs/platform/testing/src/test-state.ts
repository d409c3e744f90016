import IORedis from 'ioredis';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { deleteTopicsWithPrefix, type Kafka } from '@city/platform-kafka';

/** What a service's committed migrations still lack against its entities: empty when they agree. */
export async function pendingSchemaChanges(options: DataSourceOptions): Promise<string[]> {
  const ds = await new DataSource(options).initialize();
  try {
    return (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
  } finally {
    await ds.destroy();
  }
}

/** Removes what a test run made for itself: its topics, its BullMQ keys, its database schemas. */
export async function removeTestState(o: {
  databaseUrl: string;
  schemas: string[];
  kafka?: Kafka;
  topicPrefix?: string;
  redisUrl?: string;
  queuePrefix?: string;
}): Promise<void> {
  if (o.kafka && o.topicPrefix) await deleteTopicsWithPrefix(o.kafka, o.topicPrefix);
  if (o.redisUrl && o.queuePrefix) {
    const redis = new IORedis(o.redisUrl);
    const keys = await redis.keys(`${o.queuePrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
  const admin = await new DataSource({ type: 'postgres', url: o.databaseUrl }).initialize();
  for (const s of o.schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await admin.destroy();
}
