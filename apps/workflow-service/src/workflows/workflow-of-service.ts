import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ServiceDefinition } from '@city/contracts';

/** The workflow of a service that names none: by the kind of interaction it is. */
const BY_INTERACTION: Record<string, string> = {
  reporting: 'field-report',
  'applications-for-service': 'application-with-documents',
  'providing-information': 'first-contact-answer',
  'paying-for-goods-and-services': 'first-contact-answer',
};

/** The workflow a service's cases run: the one it names, else its interaction's. */
export const workflowIdOf = (service: Pick<ServiceDefinition, 'workflow' | 'interaction'>): string =>
  service.workflow ?? BY_INTERACTION[service.interaction];

/** The ids of the workflow definitions in a folder (a city that brings none runs the deployment's). */
export function workflowIdsIn(dir: string): Set<string> {
  return new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => (parse(readFileSync(join(dir, f), 'utf8')) as { id?: unknown } | null)?.id)
      .filter((id): id is string => typeof id === 'string'),
  );
}
