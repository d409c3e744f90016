// Publishes the city's service catalogue (catalogue/services/*.yaml) to the compacted catalogue
// topic, so that every running gateway picks it up without a restart.
//   node tools/run-ts.js apps/catalogue-publisher/src/main.ts [--watch] [--dir catalogue/services]
import { randomUUID } from 'node:crypto';
import { watch } from 'node:fs';
import { resolve } from 'node:path';
import { decodeCatalogueEntry, TOPICS, type ServiceDefinition } from '@city/contracts';
import { baseConfigSchema, loadConfig } from '@city/platform-config';
import { createLogger } from '@city/platform-logging';
import { CompactedTopicReader, createIdempotentProducer, createKafka, EventPublisher } from '@city/platform-kafka';
import { z } from 'zod';
import { formatProblems, loadCatalogue, readLgslReference } from './catalogue-files';
import { applyCatalogue, planCatalogue } from './publish-catalogue';

const config = loadConfig(
  baseConfigSchema.extend({
    CATALOGUE_DIR: z.string().default('catalogue/services'),
    LGSL_REFERENCE: z.string().default('catalogue/reference/lgsl-services.csv'),
  }),
);

async function main() {
  const args = process.argv.slice(2);
  const watchMode = args.includes('--watch');
  const dirArg = args.indexOf('--dir');
  const dir = resolve(dirArg >= 0 ? args[dirArg + 1] : config.CATALOGUE_DIR);
  const logger = createLogger('catalogue-publisher', config.LOG_LEVEL);
  const kafka = createKafka({ clientId: 'catalogue-publisher', brokers: config.KAFKA_BROKERS, topicPrefix: config.KAFKA_TOPIC_PREFIX }, logger);
  const topic = config.KAFKA_TOPIC_PREFIX + TOPICS.catalogueServices;
  const lgsl = readLgslReference(resolve(config.LGSL_REFERENCE));
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 500,
    ackTimeoutMs: 15_000,
  });
  const reader = new CompactedTopicReader<ServiceDefinition>(kafka, logger, { topic, clientId: 'catalogue-publisher', decode: decodeCatalogueEntry });
  await reader.start();
  await reader.caughtUp;

  const sync = async (): Promise<boolean> => {
    const loaded = loadCatalogue(dir, lgsl);
    if (!loaded.ok) {
      console.error(`[catalogue] not published; fix these first:\n${formatProblems(loaded.problems)}`);
      return false;
    }
    const plan = planCatalogue(config.TENANT_ID, loaded.services, reader.entries);
    if (plan.problems.length) {
      console.error(`[catalogue] not published; fix these first:\n${formatProblems(plan.problems)}`);
      return false;
    }
    await applyCatalogue(publisher, topic, config.TENANT_ID, plan, `catalogue-${randomUUID()}`);
    console.log(
      `[catalogue] ${loaded.services.length} services: ${plan.publish.length} published` +
        `${plan.publish.length ? ` (${plan.publish.map((s) => `${s.code} v${s.version}`).join(', ')})` : ''}, ` +
        `${plan.remove.length} removed, ${plan.unchanged} unchanged`,
    );
    return true;
  };

  const ok = await sync();
  if (!watchMode) {
    await reader.stop();
    await publisher.close();
    process.exit(ok ? 0 : 1);
  }
  console.log(`[catalogue] watching ${dir} for changes`);
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dir, () => {
    clearTimeout(timer);
    timer = setTimeout(() => sync().catch((e) => console.error(`[catalogue] publish failed: ${(e as Error).message}`)), 300);
  });
  const stop = async () => {
    watcher.close();
    clearTimeout(timer);
    await reader.stop();
    await publisher.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`[catalogue] ${(e as Error).message}`);
  process.exit(1);
});
