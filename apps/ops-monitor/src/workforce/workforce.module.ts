import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module';
import { ApplyWorkforceFactsUseCase } from './apply-workforce-facts/apply-workforce-facts.usecase';
import { TypeormWorkforceRepository } from './typeorm-workforce.repository';
import { WorkforceFactsConsumer } from './workforce.kafka.consumer';
import { WorkforceRepository } from './workforce.repository';

/** Agents signed in and the counters' tickets, folded from workforce.events.v1 for the live board. */
@Module({
  imports: [LiveModule],
  controllers: [WorkforceFactsConsumer],
  providers: [
    ApplyWorkforceFactsUseCase,
    { provide: WorkforceRepository, useClass: TypeormWorkforceRepository },
  ],
})
export class WorkforceModule {}
