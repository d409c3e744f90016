import { Module } from '@nestjs/common';
import { CatalogueModule, CatalogueStore } from '@city/platform-kafka';
import { ClocksModule } from '../clocks/clocks.module';
import { WorkItemsModule } from '../work-items/work-items.module';
import { ServiceCatalogue } from './service-catalogue';
import { StartWorkflowUseCase } from './start-workflow/start-workflow.usecase';
import { TypeormWorkflowDefinitionRepository } from './typeorm-workflow-definition.repository';
import { TypeormWorkflowRunRepository } from './typeorm-workflow-run.repository';
import { WorkflowDefinitionRepository } from './workflow-definition.repository';
import { WorkflowDefinitions } from './workflow-definitions.store';
import { WorkflowRunRepository } from './workflow-run.repository';
import { WorkflowRunner } from './workflow-runner';

/** Workflows as data: the stored definitions, each case's run, and starting a new case's workflow. */
@Module({
  imports: [CatalogueModule, ClocksModule, WorkItemsModule],
  providers: [
    { provide: ServiceCatalogue, useExisting: CatalogueStore },
    { provide: WorkflowDefinitionRepository, useClass: TypeormWorkflowDefinitionRepository },
    { provide: WorkflowRunRepository, useClass: TypeormWorkflowRunRepository },
    WorkflowDefinitions,
    WorkflowRunner,
    StartWorkflowUseCase,
  ],
  exports: [
    ServiceCatalogue,
    WorkflowDefinitions,
    WorkflowRunner,
    StartWorkflowUseCase,
    WorkflowRunRepository,
  ],
})
export class WorkflowsModule {}
