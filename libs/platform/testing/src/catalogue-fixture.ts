import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import {
  allTopicSpecs,
  catalogueKey,
  catalogueServicePublishedV1,
  createEnvelope,
  serviceDefinitionSchema,
  TOPICS,
  type ServiceDefinition,
} from '@city/contracts';
import {
  createIdempotentProducer,
  createKafka,
  deleteTopicsWithPrefix,
  ensureTopics,
  EventPublisher,
} from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';

const ROOT = resolve(__dirname, '../../../..');

/** The city's real catalogue from catalogue/services, validated. */
export function repositoryCatalogue(): ServiceDefinition[] {
  const dir = join(ROOT, 'catalogue/services');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => serviceDefinitionSchema.parse(YAML.parse(readFileSync(join(dir, f), 'utf8'))));
}

/** Publishes services to a catalogue topic as the publisher does (keyed, enveloped, acknowledged). */
export async function publishServices(
  publisher: EventPublisher,
  topic: string,
  services: ServiceDefinition[],
  tenantId = 'default',
): Promise<void> {
  await Promise.all(
    services.map((s) =>
      publisher.publish(
        topic,
        catalogueKey(tenantId, s.code),
        createEnvelope(catalogueServicePublishedV1, {
          tenantId,
          correlationId: 'test-catalogue',
          payload: s,
        }),
      ),
    ),
  );
}

/** The cluster as a test run reaches it: its brokers, its topic prefix, a silent logger. */
export const testKafka = (prefix: string, brokers: string[], clientId = 'test') =>
  createKafka({ clientId, brokers, topicPrefix: prefix }, createLogger(clientId, 'silent'));

/** Creates a run's topics (with its prefix) and publishes the repository's catalogue to them. */
export async function prepareKafka(prefix: string, brokers: string[]): Promise<void> {
  const kafka = testKafka(prefix, brokers, 'e2e-prepare');
  await ensureTopics(kafka, allTopicSpecs(prefix));
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 500,
    ackTimeoutMs: 10_000,
  });
  await publishServices(publisher, prefix + TOPICS.catalogueServices, repositoryCatalogue());
  await publisher.close();
}

/** Deletes a run's topics. */
export async function cleanupKafka(prefix: string, brokers: string[]): Promise<void> {
  await deleteTopicsWithPrefix(testKafka(prefix, brokers, 'test-cleanup'), prefix);
}
