import { Module } from '@nestjs/common';
import { CatalogueModule } from '@city/platform-kafka';
import { WorkflowDefinitions } from '../workflows/workflow-definitions.store';
import { WorkflowRunner } from '../workflows/workflow-runner';
import { FireSlaTimerUseCase } from './fire-sla-timer/fire-sla-timer.usecase';
import { SlaTimers } from './sla-timers.processor';

/** Service-level timers and the workflow runner they wake: one instance each per service (the timers' readiness is Redis's). */
@Module({
  imports: [CatalogueModule],
  providers: [FireSlaTimerUseCase, SlaTimers, WorkflowRunner, WorkflowDefinitions],
  exports: [SlaTimers, WorkflowRunner, WorkflowDefinitions],
})
export class SlaModule {}
