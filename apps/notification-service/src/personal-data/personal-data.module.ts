import { Module } from '@nestjs/common';
import { MessageStoreModule } from '../message-store/message-store.module';
import { ExportPersonalDataUseCase } from './export-personal-data/export-personal-data.usecase';
import { PersonalDataHttpController } from './personal-data.http.controller';

/** A citizen's rights over their data (docs/personal-data.md): this service's part of their export. */
@Module({
  imports: [MessageStoreModule],
  controllers: [PersonalDataHttpController],
  providers: [ExportPersonalDataUseCase],
})
export class PersonalDataModule {}
