import { Module } from '@nestjs/common';
import { SlaClockRepository } from './sla-clock.repository';
import { TypeormSlaClockRepository } from './typeorm-sla-clock.repository';

/**
 * Cases' clocks as stored: what the workflows set (service levels, wake-ups) and the timers fire.
 * Its own feature so that the workflows and the service levels, which both use it, need not use
 * each other both ways.
 */
@Module({
  providers: [{ provide: SlaClockRepository, useClass: TypeormSlaClockRepository }],
  exports: [SlaClockRepository],
})
export class ClocksModule {}
