import { Module } from '@nestjs/common';
import { CaseHistory } from './case-history';
import { CaseRepository } from './case.repository';
import { CitizenRepository } from './citizen.repository';
import { InteractionRepository } from './interaction.repository';
import { TypeormCaseRepository } from './typeorm-case.repository';
import { TypeormCitizenRepository } from './typeorm-citizen.repository';
import { TypeormInteractionRepository } from './typeorm-interaction.repository';

/**
 * The unified record: cases (with their timelines, links and followers), citizens (with their
 * contact points and merges) and every interaction, behind three repositories. Every feature of the
 * service reads and writes the record through these; none of them imports another feature.
 */
@Module({
  providers: [
    { provide: CaseRepository, useClass: TypeormCaseRepository },
    { provide: CitizenRepository, useClass: TypeormCitizenRepository },
    { provide: InteractionRepository, useClass: TypeormInteractionRepository },
    CaseHistory,
  ],
  exports: [CaseRepository, CitizenRepository, InteractionRepository, CaseHistory],
})
export class RecordModule {}
