import {
  catalogueKey,
  catalogueServicePublishedV1,
  createEnvelope,
  TOPICS,
  type ServiceDefinition,
} from '@city/contracts';
import type { OutboxItem } from '@city/platform-database';

/** A service's version as published to the compacted catalogue topic (keyed by tenant and code). */
export const servicePublished = (tenantId: string, s: ServiceDefinition): OutboxItem => ({
  topic: TOPICS.catalogueServices,
  key: catalogueKey(tenantId, s.code),
  event: createEnvelope(catalogueServicePublishedV1, {
    tenantId,
    correlationId: `catalogue:${s.code}:${s.version}`,
    payload: s,
  }),
});

/** The national LGSL list every service is checked against (read once, at start). */
export const LGSL_REFERENCE = Symbol('LGSL_REFERENCE');
