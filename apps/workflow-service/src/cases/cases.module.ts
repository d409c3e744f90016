import { Module } from '@nestjs/common';
import { SlaModule } from '../sla/sla.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { CaseEventsConsumer } from './case-events.kafka.consumer';

/** Follows the case record: new cases start their workflow, status changes move clocks and workflows. */
@Module({
  imports: [WorkflowsModule, SlaModule],
  controllers: [CaseEventsConsumer],
})
export class CasesModule {}
