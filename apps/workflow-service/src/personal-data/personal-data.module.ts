import { Module } from '@nestjs/common';
import { CounterModule } from '../counter/counter.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { ErasePersonalDataUseCase } from './erase-personal-data/erase-personal-data.usecase';
import { ExportPersonalDataUseCase } from './export-personal-data/export-personal-data.usecase';
import { PersonalDataEraser, TypeormPersonalDataEraser } from './personal-data-eraser';
import { PersonalDataHttpController } from './personal-data.http.controller';

/** A citizen's rights over their data (docs/personal-data.md): this service's part of their export and erasure. */
@Module({
  imports: [CounterModule, WorkflowsModule],
  controllers: [PersonalDataHttpController],
  providers: [
    ExportPersonalDataUseCase,
    ErasePersonalDataUseCase,
    { provide: PersonalDataEraser, useClass: TypeormPersonalDataEraser },
  ],
})
export class PersonalDataModule {}
