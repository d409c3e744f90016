import { Module } from '@nestjs/common';
import { CaseRecordClient } from './case-record.client';
import { HttpCaseRecordClient } from './http-case-record.client';

/** The case-service as this service asks it: over HTTP with this service's own token (one client for every feature). */
@Module({
  providers: [{ provide: CaseRecordClient, useClass: HttpCaseRecordClient }],
  exports: [CaseRecordClient],
})
export class CaseRecordModule {}
