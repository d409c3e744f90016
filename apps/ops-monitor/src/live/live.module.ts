import { Module } from '@nestjs/common';
import { LiveBoard } from './live-board';
import { LiveFiguresRepository } from './live-figures.repository';
import { LiveHttpController } from './live.http.controller';
import { TypeormLiveFiguresRepository } from './typeorm-live-figures.repository';

/** The live board: figures of the open work, on request and pushed as they change. */
@Module({
  controllers: [LiveHttpController],
  providers: [LiveBoard, { provide: LiveFiguresRepository, useClass: TypeormLiveFiguresRepository }],
  exports: [LiveBoard],
})
export class LiveModule {}
