import { DomainError, type ServiceDefinition } from '@city/contracts';

/** The catalogue has not delivered the case's service yet: a passing condition (unavailable), retried. */
export const catalogueNotReady = (serviceCode: string): DomainError =>
  DomainError.unavailable(
    'workflows.catalogue-not-ready',
    `service ${serviceCode} is not in the catalogue (yet)`,
  );

/** Whether a reported attribute value is one the catalogue marks as a safety hazard. */
export function reportsHazard(
  service: ServiceDefinition,
  attributes: Record<string, string | number | string[]>,
): boolean {
  return service.attributes.some((a) => {
    const v = attributes[a.code];
    if (!a.safetyHazardWhen || v === undefined) return false;
    return (Array.isArray(v) ? v : [String(v)]).some((x) => a.safetyHazardWhen!.includes(x));
  });
}
