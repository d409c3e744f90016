import { Inject, Injectable } from '@nestjs/common';
import { DomainError, retentionDaysOf } from '@city/contracts';
import { APP_CONFIG } from '@city/platform-config';
import { Transaction } from '@city/platform-database';
import { CatalogueStore, PersonalEventKeys } from '@city/platform-kafka';
import type { CaseConfig } from '../../config';
import { DocumentBytes } from '../../personal-data/document-bytes';
import { PersonalDataElsewhere } from '../../personal-data/personal-data-elsewhere';
import { RecordErasure } from '../../personal-data/record-erasure';
import type { RetentionOutcome, RetentionRun } from '../retention-run.entity';
import { RetentionRepository, type DueScope } from '../retention.repository';

/** A retention run as its report shows it. */
export interface RetentionReport {
  id: string;
  city: string;
  ranAt: string;
  ranBy: string;
  /** Requests anonymised, in all and per service code. */
  cases: number;
  casesByService: Record<string, number>;
  /** Per service of the platform, how many rows of each kind it anonymised or removed. */
  erased: Record<string, Record<string, number>>;
  /** Under way, or how it ended (null: ended before outcomes were recorded); and when it ended. */
  outcome: 'under-way' | RetentionOutcome | null;
  finishedAt: string | null;
}

export const retentionReportOf = (r: RetentionRun): RetentionReport => ({
  id: r.id,
  city: r.tenantId,
  ranAt: r.ranAt.toISOString(),
  ranBy: r.ranBy,
  cases: Object.values(r.casesByService).reduce((n, x) => n + x, 0),
  casesByService: r.casesByService,
  erased: r.erased,
  outcome: r.finishedAt ? r.outcome : 'under-way',
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

const DAY_MS = 86_400_000;
/** A run under way whose report has not been written for this long is taken to be cut short (its process gone). */
export const RETENTION_STALE_SECONDS = 15 * 60;

/**
 * The retention run for a city (docs/personal-data.md; GDPR article 5(1)(e)): every finished request
 * (closed, a duplicate, not the city's, withdrawn) that last changed longer ago than its service
 * keeps personal data (`retention` in the catalogue, else RETENTION_DAYS) is anonymised as an erasure
 * anonymises a citizen's requests: the other services first, then the record, a batch at a time.
 * What stays: that each request existed, its service, channel, times, status and outcome, and the
 * figures. The citizen's record itself (name, contacts) is theirs, not the request's, and stays.
 * The run is recorded with what it did (its report), batch by batch; a service out of reach stops
 * it, what it did so far is reported, and the next run does the rest. Refused while the catalogue
 * (each service's period) is not loaded. It also tries again the document bytes earlier runs and
 * erasures could not remove. One run of a city at a time: another asked for while one is under way
 * (the nightly one and an administrator's, or two replicas') is refused, naming the one under way.
 */
@Injectable()
export class ApplyRetentionUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly retention: RetentionRepository,
    private readonly erasures: RecordErasure,
    private readonly elsewhere: PersonalDataElsewhere,
    private readonly bytes: DocumentBytes,
    private readonly catalogue: CatalogueStore,
    private readonly eventKeys: PersonalEventKeys,
    @Inject(APP_CONFIG) private readonly config: Pick<CaseConfig, 'RETENTION_DAYS' | 'RETENTION_BATCH'>,
  ) {}

  async execute(city: string, ranBy: string, now = new Date()): Promise<RetentionReport> {
    // Each service's own period is in the catalogue: without it, a permit kept seven years would be
    // taken at the deployment's two.
    if (!this.catalogue.ready)
      throw DomainError.unavailable(
        'retention.catalogue-not-loaded',
        "The catalogue (each service's retention) is not loaded yet; run it again shortly.",
        30,
      );
    const started = await this.retention.begin(
      { tenantId: city, ranAt: now, ranBy },
      RETENTION_STALE_SECONDS,
    );
    if ('underWay' in started)
      throw DomainError.conflict(
        'retention.run-under-way',
        `A retention run of this city is under way, begun at ${started.underWay.ranAt.toISOString()} by ${started.underWay.ranBy}; it anonymises what this one would. Its report is listed when it ends.`,
      );
    const run = started.begun;
    let outcome: 'done' | 'stopped' = 'stopped';
    try {
      await this.anonymiseDue(city, now, run);
      outcome = 'done';
    } finally {
      // Not ended here when it was cut short already, or the database is away (then it is under way
      // until its report is stale): its report says so.
      run.finishedAt = await this.retention.finish(run, outcome).catch(() => null);
      run.outcome = run.finishedAt ? outcome : null;
    }
    return retentionReportOf(run);
  }

  /** The run's work: each scope's requests past their time, a batch at a time, counted on its report. */
  private async anonymiseDue(city: string, now: Date, run: RetentionRun): Promise<void> {
    await this.retryDocumentsLeft(city);
    const services = this.catalogue.all(city);
    const scopes: Array<{ scope: DueScope; days: number }> = [
      ...services.map((s) => ({
        scope: { service: s.code },
        days: retentionDaysOf(s, this.config.RETENTION_DAYS),
      })),
      // Requests of a service no longer in the catalogue: the deployment's period.
      { scope: { except: services.map((s) => s.code) }, days: this.config.RETENTION_DAYS },
    ];
    // The run's report is written first (begin) and with each batch, in the batch's transaction: the
    // keys of the documents whose bytes are to go are on it before the rows that named them are gone,
    // so a run cut short (the process killed) leaves nothing in the store that no row names.
    const add = (service: string, counts: Record<string, number>) => {
      const to = (run.erased[service] ??= {});
      for (const [k, n] of Object.entries(counts)) to[k] = (to[k] ?? 0) + n;
    };
    for (const { scope, days } of scopes) {
      const before = new Date(now.getTime() - days * DAY_MS);
      const seen = new Set<string>();
      for (;;) {
        const due = (await this.retention.due(city, scope, before, this.config.RETENTION_BATCH)).filter(
          (c) => !seen.has(c.id),
        );
        if (due.length === 0) break;
        // Its report written before each batch too (retrying documents, or a slow service, may take a
        // while): it stays under way, and a run taken meanwhile to be cut short stops before doing more.
        await this.retention.save(run);
        for (const c of due) seen.add(c.id);
        const caseIds = due.map((c) => c.id);
        const subject = {
          citizenIds: [],
          caseIds,
          caseReferences: due.map((c) => c.reference),
          contacts: [],
        };
        // A service out of reach stops the run here: what it did so far is on its report.
        const elsewhere = await this.elsewhere.erase(city, subject);
        const dataKeys = await this.eventKeys.erase(this.eventKeys.subjectsOf(subject));
        const bytes = await this.tx.run(async () => {
          const here = await this.erasures.erase(city, [], caseIds);
          for (const e of elsewhere) add(e.service, e.erased);
          add('case-service', here.counts);
          add('kafka', { dataKeys });
          for (const c of due)
            run.casesByService[c.serviceCode] = (run.casesByService[c.serviceCode] ?? 0) + 1;
          run.documentsLeft = [...run.documentsLeft, ...here.documentKeys];
          await this.retention.save(run);
          return here.documentKeys;
        });
        const left = await this.bytes.remove(city, bytes);
        run.documentsLeft = [
          ...run.documentsLeft.filter((d) => !bytes.some((b) => b.key === d.key)),
          ...left,
        ];
        await this.retention.save(run);
      }
    }
  }

  /** The documents' bytes earlier runs and erasures could not remove: tried again. */
  private async retryDocumentsLeft(city: string): Promise<void> {
    for (const run of await this.retention.withDocumentsLeft(city))
      await this.retention.leaveDocuments(run.id, await this.bytes.remove(city, run.documentsLeft));
    for (const erasure of await this.erasures.withDocumentsLeft(city))
      await this.erasures.leaveDocuments(erasure.id, await this.bytes.remove(city, erasure.documentsLeft));
  }
}
