import { Module } from '@nestjs/common';
import { APP_CONFIG, loadSharingAgreements, SharingAgreements } from '@city/platform-config';
import type { CaseConfig } from '../config';
import { CaseDocumentRepository } from './case-document.repository';
import { CaseHistory } from './case-history';
import { CaseRepository } from './case.repository';
import { CitizenRepository } from './citizen.repository';
import { InteractionRepository } from './interaction.repository';
import { TypeormCaseDocumentRepository } from './typeorm-case-document.repository';
import { TypeormCaseRepository } from './typeorm-case.repository';
import { TypeormCitizenRepository } from './typeorm-citizen.repository';
import { TypeormInteractionRepository } from './typeorm-interaction.repository';

/**
 * The unified record: cases (with their timelines, links, followers and documents), citizens (with
 * their contact points and merges) and every interaction, behind four repositories; what a city may
 * reach of another city's cases is by the sharing agreements in force. Every feature of the
 * service reads and writes the record through these; none of them imports another feature.
 */
@Module({
  providers: [
    { provide: CaseRepository, useClass: TypeormCaseRepository },
    { provide: CitizenRepository, useClass: TypeormCitizenRepository },
    { provide: InteractionRepository, useClass: TypeormInteractionRepository },
    { provide: CaseDocumentRepository, useClass: TypeormCaseDocumentRepository },
    CaseHistory,
    {
      provide: SharingAgreements,
      useFactory: (c: CaseConfig) => loadSharingAgreements(c, c.ROUTING_FILE),
      inject: [APP_CONFIG],
    },
  ],
  exports: [
    SharingAgreements,
    CaseRepository,
    CitizenRepository,
    InteractionRepository,
    CaseDocumentRepository,
    CaseHistory,
  ],
})
export class RecordModule {}
