import { Injectable } from '@nestjs/common';
import { TERMINAL_STATUSES } from '@city/domain-cases';
import { tableName, TypeormTransaction } from '@city/platform-database';
import { CaseRecord } from '../record/case.entity';
import { CitizenRestriction } from '../record/citizen-restriction.entity';
import { RetentionRun } from './retention-run.entity';

/** A finished request whose personal data has passed its time. */
export interface DueCase {
  id: string;
  reference: string;
  serviceCode: string;
}

/** Which of a city's requests: one service's, or those of every service but these (a service no longer in the catalogue). */
export type DueScope = { service: string } | { except: string[] };

/** The port to what the retention run reads and writes. */
export abstract class RetentionRepository {
  /**
   * Finished requests (closed, a duplicate, not the city's, withdrawn) not yet anonymised that last
   * changed before `before`, oldest first.
   */
  abstract due(city: string, scope: DueScope, before: Date, limit: number): Promise<DueCase[]>;
  abstract record(run: Omit<RetentionRun, 'id'>): Promise<RetentionRun>;
  /** The run's report as it stands (in the caller's transaction, with the batch it counts). */
  abstract save(run: RetentionRun): Promise<void>;
  /** A city's runs, newest first. */
  abstract runs(city: string, limit: number): Promise<RetentionRun[]>;
  /** Runs whose document bytes are not all removed yet. */
  abstract withDocumentsLeft(city: string): Promise<RetentionRun[]>;
  abstract leaveDocuments(id: string, left: RetentionRun['documentsLeft']): Promise<void>;
}

@Injectable()
export class TypeormRetentionRepository extends RetentionRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  async due(city: string, scope: DueScope, before: Date, limit: number): Promise<DueCase[]> {
    const m = this.tx.manager();
    // By service and last change on the partial index cases_retention_due: a range, not a scan. A
    // restricted citizen's requests (article 18) are passed by: a restriction for legal claims keeps them.
    const [which, param] =
      'service' in scope ? ['service_code = $2', scope.service] : ['service_code <> ALL($2)', scope.except];
    const rows = (await m.query(
      `SELECT id, reference, service_code FROM ${tableName(m, CaseRecord)}
        WHERE tenant_id = $1 AND ${which} AND anonymised_at IS NULL AND status = ANY($3) AND updated_at < $4
          AND NOT EXISTS (SELECT 1 FROM ${tableName(m, CitizenRestriction)} r
                           WHERE r.tenant_id = $1 AND r.party_id = ${tableName(m, CaseRecord)}.party_id AND r.lifted_at IS NULL)
        ORDER BY updated_at LIMIT $5`,
      [city, param, TERMINAL_STATUSES, before, limit],
    )) as Array<{ id: string; reference: string; service_code: string }>;
    return rows.map((r) => ({ id: r.id, reference: r.reference, serviceCode: r.service_code }));
  }

  record(run: Omit<RetentionRun, 'id'>): Promise<RetentionRun> {
    const repo = this.tx.manager().getRepository(RetentionRun);
    return repo.save(repo.create(run));
  }

  async save(run: RetentionRun): Promise<void> {
    await this.tx.manager().getRepository(RetentionRun).save(run);
  }

  runs(city: string, limit: number): Promise<RetentionRun[]> {
    return this.tx
      .manager()
      .getRepository(RetentionRun)
      .find({ where: { tenantId: city }, order: { ranAt: 'DESC' }, take: limit });
  }

  withDocumentsLeft(city: string): Promise<RetentionRun[]> {
    return this.tx
      .manager()
      .getRepository(RetentionRun)
      .createQueryBuilder('r')
      .where("r.tenant_id = :city AND r.documents_left <> '[]'::jsonb", { city })
      .getMany();
  }

  async leaveDocuments(id: string, left: RetentionRun['documentsLeft']): Promise<void> {
    await this.tx.manager().getRepository(RetentionRun).update({ id }, { documentsLeft: left });
  }
}
