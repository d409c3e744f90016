import { Injectable } from '@nestjs/common';
import { tableName, TypeormTransaction } from '@city/platform-database';
import { OpsCase, OpsStatusSpan } from '../read-model/ops-case.entity';
import { CaseProjectionRepository } from './case-projection.repository';
import type { CaseRow, StatusMove } from './fold-fact';

@Injectable()
export class TypeormCaseProjectionRepository extends CaseProjectionRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  async lockRows(caseIds: string[]): Promise<Map<string, CaseRow>> {
    if (caseIds.length === 0) return new Map();
    const rows = await this.tx
      .manager()
      .getRepository(OpsCase)
      .createQueryBuilder('c')
      .where('c.case_id = ANY(:ids)', { ids: caseIds })
      .orderBy('c.case_id')
      .setLock('pessimistic_write')
      .getMany();
    return new Map(rows.map((r) => [r.caseId, { ...r }]));
  }

  async saveRows(rows: CaseRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.tx.manager().getRepository(OpsCase).upsert(rows, ['caseId']);
  }

  async moveStatuses(moves: StatusMove[]): Promise<void> {
    const m = this.tx.manager();
    const spans = tableName(m, OpsStatusSpan);
    for (const move of moves)
      await m.query(
        `WITH closed AS (UPDATE ${spans} SET left_at = $3, minutes = greatest(0, round(extract(epoch FROM $3 - entered_at) / 60))
                         WHERE case_id = $1 AND left_at IS NULL)
         INSERT INTO ${spans} (case_id, tenant_id, service_code, status, entered_at) VALUES ($1, $2, $5, $4, $3)`,
        [move.caseId, move.tenantId, move.at, move.status, move.serviceCode],
      );
  }
}
