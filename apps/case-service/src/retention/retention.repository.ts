import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { DomainError } from '@city/contracts';
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

/** A run as it begins: not yet finished, nothing done. */
export type NewRetentionRun = Pick<RetentionRun, 'tenantId' | 'ranAt' | 'ranBy'>;

/** The port to what the retention run reads and writes. */
export abstract class RetentionRepository {
  /**
   * Finished requests (closed, a duplicate, not the city's, withdrawn) not yet anonymised that last
   * changed before `before`, oldest first.
   */
  abstract due(city: string, scope: DueScope, before: Date, limit: number): Promise<DueCase[]>;
  /**
   * Begins a city's run, unless one is under way: then that one, and nothing is begun. A run under way
   * not heard of (its report not written) for `staleSeconds` is ended first as cut short: its process
   * is gone.
   */
  abstract begin(
    run: NewRetentionRun,
    staleSeconds: number,
  ): Promise<{ begun: RetentionRun } | { underWay: RetentionRun }>;
  /** Ends the run: its outcome, and when (now, which it answers); null when it was ended already (cut short). */
  abstract finish(run: RetentionRun, outcome: 'done' | 'stopped'): Promise<Date | null>;
  /**
   * The run's report as it stands (in the caller's transaction, with the batch it counts), which keeps
   * it under way; refused (conflict) once it was ended as cut short.
   */
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

  begin(
    run: NewRetentionRun,
    staleSeconds: number,
  ): Promise<{ begun: RetentionRun } | { underWay: RetentionRun }> {
    return this.tx.run(async () => {
      const m = this.tx.manager();
      const table = tableName(m, RetentionRun);
      await m.query(
        `UPDATE ${table} SET finished_at = updated_at, outcome = 'cut-short'
          WHERE tenant_id = $1 AND finished_at IS NULL AND updated_at < now() - make_interval(secs => $2)`,
        [run.tenantId, staleSeconds],
      );
      const repo = m.getRepository(RetentionRun);
      // One under way per city (the partial unique index): a run begun meanwhile by another replica wins.
      // Each statement sees what is committed when it runs: one under way that ended in between is tried again.
      for (;;) {
        const [inserted] = (await m.query(
          `INSERT INTO ${table} (tenant_id, ran_at, ran_by, cases_by_service, erased, documents_left)
             VALUES ($1, $2, $3, '{}', '{}', '[]')
             ON CONFLICT (tenant_id) WHERE finished_at IS NULL DO NOTHING RETURNING id`,
          [run.tenantId, run.ranAt, run.ranBy],
        )) as Array<{ id: string }>;
        if (inserted) return { begun: await repo.findOneByOrFail({ id: inserted.id }) };
        const underWay = await repo.findOneBy({ tenantId: run.tenantId, finishedAt: IsNull() });
        if (underWay) return { underWay };
      }
    });
  }

  async finish(run: RetentionRun, outcome: 'done' | 'stopped'): Promise<Date | null> {
    const m = this.tx.manager();
    const [ended] = (await m.query(
      `UPDATE ${tableName(m, RetentionRun)} SET finished_at = now(), outcome = $2
        WHERE id = $1 AND finished_at IS NULL RETURNING finished_at`,
      [run.id, outcome],
    )) as [Array<{ finished_at: Date }>, number];
    return ended[0]?.finished_at ?? null;
  }

  async save(run: RetentionRun): Promise<void> {
    // Its report alone, and only while it is under way: a run another took to be cut short (its report
    // stale) is not brought back to life beside the one that began after it.
    const m = this.tx.manager();
    const [, changed] = (await m.query(
      `UPDATE ${tableName(m, RetentionRun)}
          SET cases_by_service = $2, erased = $3, documents_left = $4, updated_at = now()
        WHERE id = $1 AND finished_at IS NULL`,
      [
        run.id,
        JSON.stringify(run.casesByService),
        JSON.stringify(run.erased),
        JSON.stringify(run.documentsLeft),
      ],
    )) as [unknown, number];
    if (changed === 0)
      throw DomainError.conflict(
        'retention.run-cut-short',
        'This retention run was taken to be cut short (its report was not written for too long); it stops here, and the next run does the rest.',
      );
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
