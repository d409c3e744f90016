import { Module } from '@nestjs/common';
import { CounterModule } from '../counter/counter.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { ExportPersonalDataUseCase } from './export-personal-data/export-personal-data.usecase';
import { PersonalDataHttpController } from './personal-data.http.controller';

/** A citizen's rights over their data (docs/personal-data.md): this service's part of their export. */
@Module({
  imports: [CounterModule, WorkflowsModule],
  controllers: [PersonalDataHttpController],
  providers: [ExportPersonalDataUseCase],
})
export class PersonalDataModule {}
