import {
  catalogueKey,
  catalogueServicePublishedV1,
  createEnvelope,
  type CatalogueServicePublishedV1,
  type ServiceDefinition,
} from '@city/contracts';
import type { EventPublisher } from '@city/platform-kafka';
import type { CatalogueProblem } from './catalogue-files';

export interface CataloguePlan {
  publish: ServiceDefinition[];
  remove: string[];
  unchanged: number;
  problems: CatalogueProblem[];
}

/**
 * What to publish so the topic matches the files: new and changed services (a changed service must
 * carry a higher version), and a tombstone for each service no longer in the files.
 */
export function planCatalogue(tenantId: string, files: ServiceDefinition[], published: ReadonlyMap<string, ServiceDefinition>): CataloguePlan {
  const plan: CataloguePlan = { publish: [], remove: [], unchanged: 0, problems: [] };
  const wanted = new Set<string>();
  for (const s of files) {
    const key = catalogueKey(tenantId, s.code);
    wanted.add(key);
    const current = published.get(key);
    if (!current) plan.publish.push(s);
    else if (JSON.stringify(current) === JSON.stringify(s)) plan.unchanged++;
    else if (s.version <= current.version) {
      plan.problems.push({ file: `${s.code}.yaml`, field: 'version', reason: `changed, but version ${s.version} is not above the published ${current.version}` });
    } else plan.publish.push(s);
  }
  for (const key of published.keys()) {
    if (key.startsWith(`${tenantId}/`) && !wanted.has(key)) plan.remove.push(key);
  }
  return plan;
}

/** Publishes a plan (nothing at all when it has problems) and waits for every acknowledgement. */
export async function applyCatalogue(publisher: EventPublisher, topic: string, tenantId: string, plan: CataloguePlan, runId: string): Promise<void> {
  if (plan.problems.length) throw new Error('refusing to publish a catalogue with problems');
  await Promise.all([
    ...plan.publish.map((s) => {
      const event: CatalogueServicePublishedV1 = createEnvelope(catalogueServicePublishedV1, { tenantId, correlationId: runId, payload: s });
      return publisher.publish(topic, catalogueKey(tenantId, s.code), event);
    }),
    ...plan.remove.map((key) => publisher.send({ topic, key, value: null })),
  ]);
}
