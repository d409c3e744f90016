import { Module } from '@nestjs/common';
import { RecordModule } from '../record/record.module';
import { AddNoteUseCase } from './add-note/add-note.usecase';
import { CaseRecipientsUseCase } from './case-recipients/case-recipients.usecase';
import { CasesHttpController } from './cases.http.controller';
import { ChangeStatusUseCase } from './change-status/change-status.usecase';
import { LinkCaseUseCase } from './link-case/link-case.usecase';
import { ReadCaseUseCase } from './read-case/read-case.usecase';
import { SearchCasesUseCase } from './search-cases/search-cases.usecase';

/** Agents and clerks at work on cases: search, read, change status, note, link; and who hears about a case. */
@Module({
  imports: [RecordModule],
  controllers: [CasesHttpController],
  providers: [
    SearchCasesUseCase,
    ReadCaseUseCase,
    ChangeStatusUseCase,
    AddNoteUseCase,
    LinkCaseUseCase,
    CaseRecipientsUseCase,
  ],
  exports: [ChangeStatusUseCase, AddNoteUseCase, LinkCaseUseCase],
})
export class CasesModule {}
