import { Injectable } from '@nestjs/common';
import { insertMany, TypeormTransaction } from '@city/platform-database';
import { Interaction } from './interaction.entity';
import { InteractionRepository, type NewInteraction } from './interaction.repository';

/** InteractionRepository on Postgres through TypeORM. */
@Injectable()
export class TypeormInteractionRepository extends InteractionRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  add(interactions: NewInteraction[]): Promise<void> {
    return insertMany(this.tx.manager(), Interaction, interactions);
  }

  ofCase(caseId: string): Promise<Interaction[]> {
    return this.tx
      .manager()
      .getRepository(Interaction)
      .createQueryBuilder('i')
      .where(':id = ANY(i.case_ids)', { id: caseId })
      .orderBy('i.occurred_at', 'ASC')
      .getMany();
  }

  ofCitizen(partyId: string): Promise<Interaction[]> {
    return this.tx
      .manager()
      .getRepository(Interaction)
      .find({ where: { partyId }, order: { occurredAt: 'DESC' } });
  }
}
