import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import { catalogueKey, catalogueServicePublishedV1, createEnvelope, serviceDefinitionSchema, type ServiceDefinition } from '@city/contracts';
import type { EventPublisher } from '@city/platform-kafka';

const ROOT = resolve(__dirname, '../../../..');

/** The city's real catalogue from catalogue/services, validated. */
export function repositoryCatalogue(): ServiceDefinition[] {
  const dir = join(ROOT, 'catalogue/services');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => serviceDefinitionSchema.parse(YAML.parse(readFileSync(join(dir, f), 'utf8'))));
}

/** Publishes services to a catalogue topic as the publisher does (keyed, enveloped, acknowledged). */
export async function publishServices(publisher: EventPublisher, topic: string, services: ServiceDefinition[], tenantId = 'default'): Promise<void> {
  await Promise.all(
    services.map((s) =>
      publisher.publish(topic, catalogueKey(tenantId, s.code), createEnvelope(catalogueServicePublishedV1, { tenantId, correlationId: 'test-catalogue', payload: s })),
    ),
  );
}
