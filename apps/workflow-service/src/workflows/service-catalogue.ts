import type { ServiceDefinition } from '@city/contracts';

/**
 * The catalogue as the workflows read it: a service's current definition, or undefined while the
 * catalogue has not delivered it yet. In the service it is the compacted topic's CatalogueStore.
 */
export abstract class ServiceCatalogue {
  abstract get(code: string, tenantId: string): ServiceDefinition | undefined;
}
