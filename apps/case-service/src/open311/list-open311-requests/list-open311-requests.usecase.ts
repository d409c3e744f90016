import { Injectable } from '@nestjs/common';
import { DomainError, open311VisibilityOf, type Open311Location } from '@city/contracts';
import { ACTIVE_STATUSES } from '@city/domain-cases';
import { normalizeReference } from '@city/domain-intake';
import { CatalogueStore } from '@city/platform-kafka';
import type { CaseRecord } from '../../record/case.entity';
import { CaseRepository } from '../../record/case.repository';

/** The spec's span of a date search. */
export const MAX_RANGE_DAYS = 90;
const DAY = 24 * 3600_000;

export interface Open311Query {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
  page: number;
  page_size: number;
}

export interface Open311Page {
  page: number;
  pageSize: number;
  total: number;
  /**
   * Each request with how the catalogue lets its place be shown, its status notes, and, for a report
   * joined to an earlier one of the same service, that one (whose state the public sees instead).
   */
  requests: Array<{
    case: CaseRecord;
    location: Open311Location;
    statusNotes: string | null;
    original: CaseRecord | null;
  }>;
}

/**
 * The case a duplicate joined, when the public may see it in its stead: the same tenant and service
 * (as the intake joins reports; an agent's link to another service's case names nothing public).
 */
export function publicOriginal(c: CaseRecord, originals: ReadonlyMap<string, CaseRecord>): CaseRecord | null {
  if (c.status !== 'duplicate' || !c.duplicateOf) return null;
  const o = originals.get(c.duplicateOf);
  return o && o.tenantId === c.tenantId && o.serviceCode === c.serviceCode ? o : null;
}

/** The status notes of a duplicate: the report it follows, by reference. */
export const duplicateNotes = (original: Pick<CaseRecord, 'reference'>) =>
  `Reported before as ${original.reference}; this report follows it.`;

/**
 * The data behind Open311 GET requests and GET requests/{id}. Without ids or dates, the last 90 days,
 * as the spec suggests; a range spans 90 days at most. Anyone can read these, so only requests of
 * services the catalogue marks public are in it (a request of another service is as absent as one
 * that does not exist), with the place as the catalogue says, and as status notes only what an agent
 * marked shared. A report joined to an earlier one (a duplicate) shows that one's state and names it.
 */
@Injectable()
export class ListOpen311RequestsUseCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly catalogue: CatalogueStore,
  ) {}

  async execute(tenantId: string, q: Open311Query, now = new Date()): Promise<Open311Page> {
    // Until the catalogue is read, nothing is known to be public.
    if (!this.catalogue.ready)
      throw DomainError.unavailable(
        'catalogue.loading',
        'The service catalogue is still loading; try again shortly.',
        2,
      );
    const shown = new Map<string, Open311Location>();
    for (const s of this.catalogue.all(tenantId)) {
      const v = open311VisibilityOf(s);
      if (v.public) shown.set(s.code, v.location);
    }
    let references: string[] | undefined;
    let window: { start: Date; end: Date } | undefined;
    if (q.service_request_id) {
      const refs = q.service_request_id.split(',').map((r) => normalizeReference(r));
      if (refs.some((r) => r === null))
        throw DomainError.invalid('open311.invalid-reference', 'Not valid.', [
          { field: 'service_request_id', reason: 'not a list of valid references' },
        ]);
      references = refs as string[];
    } else {
      const end = q.end_date ? new Date(q.end_date) : now;
      const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - 90 * DAY);
      if (start > end)
        throw DomainError.invalid('open311.invalid-range', 'Not valid.', [
          { field: 'start_date', reason: 'after end_date' },
        ]);
      if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY)
        throw DomainError.invalid('open311.range-too-long', 'Not valid.', [
          {
            field: 'start_date',
            reason: `at most ${MAX_RANGE_DAYS} days before end_date (or now, without end_date)`,
          },
        ]);
      window = { start, end };
    }
    const serviceCodes = (q.service_code ? q.service_code.split(',') : [...shown.keys()]).filter((code) =>
      shown.has(code),
    );
    const states = q.status?.split(',') ?? [];
    const { rows, total } = await this.cases.publicRequests(
      tenantId,
      {
        references,
        window,
        serviceCodes,
        state: states.length === 1 ? (states[0] as 'open' | 'closed') : null,
        page: q.page,
        pageSize: q.page_size,
      },
      ACTIVE_STATUSES,
    );
    // Status notes: the latest note an agent marked shared. Internal notes and the reasons typed
    // with a status change (never marked for the public) are not read at all. A duplicate names the
    // report it follows instead, whose state it shows (as its citizen and the IVR are told).
    const notes = await this.cases.latestSharedNotes(rows.map((r) => r.id));
    const originalIds = [
      ...new Set(rows.flatMap((c) => (c.status === 'duplicate' && c.duplicateOf ? [c.duplicateOf] : []))),
    ];
    const originals = new Map((await this.cases.byIds(originalIds)).map((o) => [o.id, o]));
    return {
      page: q.page,
      pageSize: q.page_size,
      total,
      requests: rows.map((c) => {
        const original = publicOriginal(c, originals);
        return {
          case: c,
          location: shown.get(c.serviceCode) ?? 'none',
          statusNotes: original ? duplicateNotes(original) : (notes.get(c.id) ?? null),
          original,
        };
      }),
    };
  }
}
