import { Injectable } from '@nestjs/common';
import { TypeormTransaction } from '@city/platform-database';
import { AmbitionRecord } from './ambition.entity';
import { AmbitionsRepository } from './ambitions.repository';
import type { Ambition } from './self-assessment';

@Injectable()
export class TypeormAmbitionsRepository extends AmbitionsRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  async list(tenantId: string): Promise<Ambition[]> {
    const rows = await this.tx
      .manager()
      .getRepository(AmbitionRecord)
      .find({ where: { tenantId }, order: { lgslId: 'ASC' } });
    return rows.map((r) => ({
      lgslId: r.lgslId === 0 ? null : r.lgslId,
      offerOnline: r.offerOnline,
      digitalTakeUpPercent: r.digitalTakeUpPercent,
      withinSlaPercent: r.withinSlaPercent,
    }));
  }

  async replace(tenantId: string, ambitions: Ambition[], by: string, at: Date): Promise<void> {
    const repo = this.tx.manager().getRepository(AmbitionRecord);
    await repo.delete({ tenantId });
    if (ambitions.length > 0)
      await repo.insert(
        ambitions.map((a) => ({
          tenantId,
          lgslId: a.lgslId ?? 0,
          offerOnline: a.offerOnline,
          digitalTakeUpPercent: a.digitalTakeUpPercent,
          withinSlaPercent: a.withinSlaPercent,
          updatedBy: by,
          updatedAt: at,
        })),
      );
  }
}
