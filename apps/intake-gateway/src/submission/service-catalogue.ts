import type { ServiceDefinition } from '@city/contracts';

/** The city's services as a submission is checked against them (the port). */
export abstract class ServiceCatalogue {
  /** Whether the catalogue has been read; until then no submission can be checked. */
  abstract get ready(): boolean;
  /** The service with this code in the city named; undefined when there is none. Only when ready. */
  abstract get(serviceCode: string, tenantId: string): ServiceDefinition | undefined;
}
