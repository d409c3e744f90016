import { join } from 'node:path';
import type { ServiceDefinition } from '@city/contracts';
import { createLogger } from '@city/platform-logging';
import { FakeOutbox } from '@city/platform-testing/fakes';
import { InMemorySlaClockRepository } from '../clocks/in-memory-sla-clock.repository';
import type { Clock } from '../clock';
import { loadWorkflowConfig } from '../config';
import { loadRoutingConfig } from '../routing/routing-config';
import { RoutingBook } from '../routing/routing-book';
import { InMemoryWorkItemRepository } from '../work-items/in-memory-work-item.repository';
import { InMemoryWorkflowDefinitionRepository } from './in-memory-workflow-definition.repository';
import { InMemoryWorkflowRunRepository } from './in-memory-workflow-run.repository';
import { ServiceCatalogue } from './service-catalogue';
import { WorkflowDefinitions } from './workflow-definitions.store';
import { WorkflowRunner } from './workflow-runner';

/** The repository's root: the city's routing and workflows are read from there. */
const ROOT = join(__dirname, '../../../..');

/** A catalogue of the services given (any tenant). */
export class InMemoryServiceCatalogue extends ServiceCatalogue {
  constructor(private readonly services: ServiceDefinition[]) {
    super();
  }

  get(code: string): ServiceDefinition | undefined {
    return this.services.find((s) => s.code === code);
  }

  all(): ServiceDefinition[] {
    return [...this.services];
  }
}

/**
 * The workflow runner on in-memory repositories, for use cases' unit tests: the city's own routing
 * (catalogue/routing.yaml) and workflows (catalogue/workflows), the services given, the clock given.
 * Given a routing book of several cities (routingBookOf), each of them runs the deployment's workflows.
 */
export async function workflowsInMemory(
  clock: Clock,
  services: ServiceDefinition[],
  cities?: { routing: RoutingBook; served: string[] },
) {
  const routing =
    cities?.routing ?? RoutingBook.everywhere(loadRoutingConfig(join(ROOT, 'catalogue/routing.yaml')));
  const config = loadWorkflowConfig({
    LOG_LEVEL: 'silent',
    WORKFLOWS_DIR: join(ROOT, 'catalogue/workflows'),
    ...(cities ? { TENANT_ID: cities.served[0], CITIES: cities.served.join(',') } : {}),
  });
  const definitions = new WorkflowDefinitions(
    new InMemoryWorkflowDefinitionRepository(),
    config,
    createLogger('workflow-service', 'silent'),
  );
  await definitions.onModuleInit();
  const catalogue = new InMemoryServiceCatalogue(services);
  const runs = new InMemoryWorkflowRunRepository();
  const clocks = new InMemorySlaClockRepository();
  const items = new InMemoryWorkItemRepository(clocks);
  const outbox = new FakeOutbox();
  const runner = new WorkflowRunner(catalogue, definitions, runs, items, clocks, outbox, routing, clock);
  return { routing, definitions, catalogue, runs, items, clocks, outbox, runner };
}
