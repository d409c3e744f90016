import { Module } from '@nestjs/common';
import { ClocksModule } from '../clocks/clocks.module';
import { WorkItemsModule } from '../work-items/work-items.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { FireSlaTimerUseCase } from './fire-sla-timer/fire-sla-timer.usecase';
import { SlaTimers } from './sla-timers.processor';
import { TrackCaseStatusUseCase } from './track-case-status/track-case-status.usecase';

/**
 * Service levels: following a case's status (clocks paused, resumed, stopped; closing by itself)
 * and the timers that fire them (one instance per service; the timers' readiness is Redis's).
 */
@Module({
  imports: [ClocksModule, WorkItemsModule, WorkflowsModule],
  providers: [FireSlaTimerUseCase, TrackCaseStatusUseCase, SlaTimers],
  exports: [SlaTimers, TrackCaseStatusUseCase],
})
export class SlaModule {}
