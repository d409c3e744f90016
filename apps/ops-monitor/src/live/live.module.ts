import { Module } from '@nestjs/common';
import { APP_CONFIG, loadPerCity } from '@city/platform-config';
import type { OpsConfig } from '../config';
import { COUNTER_OFFICES, loadCounterOffices } from './counter-offices';
import { LiveBoard } from './live-board';
import { LiveFiguresRepository } from './live-figures.repository';
import { LiveHttpController } from './live.http.controller';
import { TypeormLiveFiguresRepository } from './typeorm-live-figures.repository';

/** The live board: figures of the open work, on request and pushed as they change. */
@Module({
  controllers: [LiveHttpController],
  providers: [
    LiveBoard,
    { provide: LiveFiguresRepository, useClass: TypeormLiveFiguresRepository },
    {
      provide: COUNTER_OFFICES,
      inject: [APP_CONFIG],
      useFactory: (c: OpsConfig) => loadPerCity(c, 'routing.yaml', c.ROUTING_FILE, loadCounterOffices),
    },
  ],
  exports: [LiveBoard],
})
export class LiveModule {}
