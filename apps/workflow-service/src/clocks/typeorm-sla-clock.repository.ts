import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { insertMany, TypeormTransaction } from '@city/platform-database';
import { SlaClock, type SlaTargetKind } from './sla-clock.entity';
import { SlaClockRepository, type ClockCursor } from './sla-clock.repository';

@Injectable()
export class TypeormSlaClockRepository extends SlaClockRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  private get clocks() {
    return this.tx.manager().getRepository(SlaClock);
  }

  lockOfCase(caseId: string): Promise<SlaClock[]> {
    return this.clocks
      .createQueryBuilder('c')
      .where('c.case_id = :id', { id: caseId })
      .setLock('pessimistic_write')
      .getMany();
  }

  lockOne(caseId: string, target: SlaTargetKind): Promise<SlaClock | null> {
    return this.clocks
      .createQueryBuilder('c')
      .where('c.case_id = :caseId AND c.target = :target', { caseId, target })
      .setLock('pessimistic_write')
      .getOne();
  }

  findOne(caseId: string, target: SlaTargetKind): Promise<SlaClock | null> {
    return this.clocks.findOneBy({ caseId, target });
  }

  ofCase(caseId: string): Promise<SlaClock[]> {
    return this.clocks.findBy({ caseId });
  }

  /** By the primary key (case_id, target): one index probe per case, in one statement. */
  async ofCases(tenantId: string, caseIds: string[], target: SlaTargetKind): Promise<SlaClock[]> {
    if (caseIds.length === 0) return [];
    return this.clocks.findBy({ tenantId, target, caseId: In(caseIds) });
  }

  async save(clocks: SlaClock[]): Promise<void> {
    await this.clocks.save(clocks);
  }

  addNew(clocks: SlaClock[]): Promise<void> {
    return insertMany(this.tx.manager(), SlaClock, clocks, { ignoreConflicts: true });
  }

  livePage(tenantId: string, after: ClockCursor, horizon: Date | null, limit: number): Promise<SlaClock[]> {
    const qb = this.clocks
      .createQueryBuilder('c')
      .where('c.tenant_id = :tenant AND c.state IN (:...live)', {
        tenant: tenantId,
        live: ['running', 'warned'],
      })
      .andWhere('(c.case_id, c.target) > (:caseId, :target)', after);
    if (horizon) qb.andWhere('(c.warn_at <= :horizon OR c.due_at <= :horizon)', { horizon });
    return qb.orderBy('c.case_id', 'ASC').addOrderBy('c.target', 'ASC').limit(limit).getMany();
  }
}
