import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { RecordModule } from '../record/record.module';
import { AuditTrail, TypeormAuditTrail } from './audit-trail';
import { ExportPersonalDataUseCase } from './export-personal-data/export-personal-data.usecase';
import { HttpPersonalDataElsewhere } from './http-personal-data-elsewhere';
import { PersonalDataElsewhere } from './personal-data-elsewhere';
import { PersonalDataHttpController } from './personal-data.http.controller';

/**
 * A citizen's rights over their data (docs/personal-data.md): their export, gathered from the record
 * and from every other service that holds some of it.
 */
@Module({
  imports: [RecordModule, DocumentsModule],
  controllers: [PersonalDataHttpController],
  providers: [
    { provide: AuditTrail, useClass: TypeormAuditTrail },
    { provide: PersonalDataElsewhere, useClass: HttpPersonalDataElsewhere },
    ExportPersonalDataUseCase,
  ],
})
export class PersonalDataModule {}
