import { Injectable } from '@nestjs/common';
import { tableName, Transaction, TypeormTransaction } from '@city/platform-database';
import { ErasedSubject } from './erased-subject.entity';

/** The cases and citizens of an erasure (or of a recording of deliveries), by id. */
export interface Subjects {
  caseIds: readonly string[];
  citizenIds: readonly string[];
}

/**
 * The cases and citizens erased here, and the locks that keep a message on its way from being
 * recorded with its address after their erasure. An erasure and a recording of deliveries each lock
 * the buckets of the cases and citizens they touch, first, inside their transaction (an erasure
 * alone, recordings shared among themselves): so a recording either commits before the erasure
 * anonymises its rows, or waits for it and sees them erased. Locks
 * are by bucket (the first two hex digits of the id, 256 of each kind per city), not one per id: an
 * erasure of thousands of cases takes a bounded number of them.
 */
export abstract class ErasedSubjects {
  /** Marks them erased (in the caller's transaction, after `lock`). */
  abstract mark(tenantId: string, s: Subjects, at: Date): Promise<void>;
  /** Which of them are erased. */
  abstract among(tenantId: string, s: Subjects): Promise<{ cases: Set<string>; citizens: Set<string> }>;
}

/** The lock keys of these cases' and citizens' buckets in a city. */
export const subjectLocks = (tenantId: string, s: Subjects): string[] => {
  const bucket = (kind: string, id: string) => `${tenantId}/erasure/${kind}/${id.slice(0, 2).toLowerCase()}`;
  return [...s.caseIds.map((id) => bucket('case', id)), ...s.citizenIds.map((id) => bucket('citizen', id))];
};

/** An erasure's lock on its subjects' buckets: alone, until it commits. */
export const lockForErasure = (tx: Transaction, tenantId: string, s: Subjects): Promise<void> =>
  tx.lock(subjectLocks(tenantId, s));

@Injectable()
export class TypeormErasedSubjects extends ErasedSubjects {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  async mark(tenantId: string, s: Subjects, at: Date): Promise<void> {
    const m = this.tx.manager();
    await m.query(
      `INSERT INTO ${tableName(m, ErasedSubject)} (tenant_id, kind, id, erased_at)
       SELECT $1, k, i, $4 FROM (SELECT 'case' AS k, unnest($2::uuid[]) AS i UNION ALL SELECT 'citizen', unnest($3::uuid[])) t
       ON CONFLICT DO NOTHING`,
      [tenantId, s.caseIds, s.citizenIds, at],
    );
  }

  async among(tenantId: string, s: Subjects): Promise<{ cases: Set<string>; citizens: Set<string> }> {
    const m = this.tx.manager();
    const rows = (await m.query(
      `SELECT kind, id FROM ${tableName(m, ErasedSubject)}
        WHERE tenant_id = $1 AND ((kind = 'case' AND id = ANY($2::uuid[])) OR (kind = 'citizen' AND id = ANY($3::uuid[])))`,
      [tenantId, s.caseIds, s.citizenIds],
    )) as Array<{ kind: string; id: string }>;
    return {
      cases: new Set(rows.filter((r) => r.kind === 'case').map((r) => r.id)),
      citizens: new Set(rows.filter((r) => r.kind === 'citizen').map((r) => r.id)),
    };
  }
}
