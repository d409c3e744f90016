import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@city/platform-config';
import type { CaseConfig } from '../config';
import { RecordModule } from '../record/record.module';
import { RequestsModule } from '../requests/requests.module';
import { DocumentScanner, NoDocumentScanner } from './document.scanner';
import { DocumentStore } from './document.store';
import { DocumentsHttpController } from './documents.http.controller';
import { HttpDocumentScanner } from './http-document.scanner';
import { documentStoreDir, LocalDocumentStore } from './local-document.store';
import { ReadDocumentUseCase } from './read-document/read-document.usecase';
import { ReplyToRequestUseCase } from './reply-to-request/reply-to-request.usecase';

/**
 * Documents on cases: a citizen's reply to their request (documents and a message, with the second
 * factor of the follow look-up), and staff reading them. The store (DOCUMENT_STORE) and the virus
 * scanner (DOCUMENT_SCAN_URL) are chosen by configuration.
 */
@Module({
  imports: [RecordModule, RequestsModule],
  controllers: [DocumentsHttpController],
  providers: [
    ReplyToRequestUseCase,
    ReadDocumentUseCase,
    {
      provide: DocumentStore,
      inject: [APP_CONFIG],
      useFactory: (config: CaseConfig): DocumentStore => {
        switch (config.DOCUMENT_STORE) {
          case 'local':
            return new LocalDocumentStore(documentStoreDir(config));
        }
      },
    },
    {
      provide: DocumentScanner,
      inject: [APP_CONFIG],
      useFactory: (config: CaseConfig): DocumentScanner =>
        config.DOCUMENT_SCAN_URL
          ? new HttpDocumentScanner(config.DOCUMENT_SCAN_URL, config.DOCUMENT_SCAN_TIMEOUT_MS)
          : new NoDocumentScanner(),
    },
  ],
  exports: [DocumentStore],
})
export class DocumentsModule {}
