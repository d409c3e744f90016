import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { RecordModule } from '../record/record.module';
import { AuditTrail, TypeormAuditTrail } from './audit-trail';
import { DataSubjects } from './data-subjects';
import { DocumentBytes } from './document-bytes';
import { EraseCitizenUseCase } from './erase-citizen/erase-citizen.usecase';
import { LiftRestrictionUseCase } from './lift-restriction/lift-restriction.usecase';
import { RestrictCitizenUseCase } from './restrict-citizen/restrict-citizen.usecase';
import { ExportPersonalDataUseCase } from './export-personal-data/export-personal-data.usecase';
import { HttpPersonalDataElsewhere } from './http-personal-data-elsewhere';
import { PersonalDataElsewhere } from './personal-data-elsewhere';
import { PersonalDataHttpController } from './personal-data.http.controller';
import { RecordErasure, TypeormRecordErasure } from './record-erasure';

/**
 * A citizen's rights over their data (docs/personal-data.md): their export, gathered from the record
 * and from every other service that holds some of it, their erasure there and here, and the
 * restriction of their record.
 */
@Module({
  imports: [RecordModule, DocumentsModule],
  controllers: [PersonalDataHttpController],
  providers: [
    { provide: AuditTrail, useClass: TypeormAuditTrail },
    { provide: PersonalDataElsewhere, useClass: HttpPersonalDataElsewhere },
    { provide: RecordErasure, useClass: TypeormRecordErasure },
    DataSubjects,
    DocumentBytes,
    ExportPersonalDataUseCase,
    EraseCitizenUseCase,
    RestrictCitizenUseCase,
    LiftRestrictionUseCase,
  ],
  // The retention run anonymises requests as an erasure does.
  exports: [RecordErasure, PersonalDataElsewhere, DocumentBytes],
})
export class PersonalDataModule {}
