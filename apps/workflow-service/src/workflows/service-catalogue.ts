import type { ServiceDefinition } from '@city/contracts';

/**
 * The catalogue as the workflows read it: a service's current definition, or undefined while the
 * catalogue has not delivered it yet. In the service it is the compacted topic's CatalogueStore.
 */
export abstract class ServiceCatalogue {
  abstract get(code: string, tenantId: string): ServiceDefinition | undefined;
  /** Every service of a tenant, taken off the channels or not (their cases may still be open); none until delivered. */
  abstract all(tenantId: string): ServiceDefinition[];
}
