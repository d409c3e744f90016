import { Allow } from '@city/platform-auth';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { open311VisibilityOf, type Open311Location } from '@city/contracts';
import { ACTIVE_STATUSES } from '@city/domain-cases';
import { normalizeReference } from '@city/domain-intake';
import { APP_CONFIG } from '@city/platform-config';
import { ApiError, parseBody } from '@city/platform-http';
import { CatalogueStore } from '@city/platform-kafka';
import { CaseRecord } from '../cases/case.entity';
import type { CaseConfig } from '../config';
import { TimelineEntry } from '../timeline/timeline-entry.entity';
import { open311Place } from './open311-place.util';

/** The spec's span of a date search, and the largest page. */
const MAX_RANGE_DAYS = 90;
const MAX_PAGE_SIZE = 100;

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time');
const querySchema = z
  .object({
    service_request_id: z.string().max(2000).optional(),
    service_code: z.string().max(64).optional(),
    start_date: isoDate.optional(),
    end_date: isoDate.optional(),
    status: z
      .string()
      .regex(/^(open|closed)(,(open|closed))?$/, 'open, closed or both')
      .optional(),
    page: z.coerce.number().int().min(1).default(1),
    page_size: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_PAGE_SIZE, `at most ${MAX_PAGE_SIZE}`)
      .default(MAX_PAGE_SIZE),
  })
  .strict();

const DAY = 24 * 3600_000;

/**
 * The data behind Open311 GET requests and GET requests/{id}: the gateway renders it as GeoReport
 * JSON or XML. Without ids or dates, the last 90 days, as the spec suggests; a range spans 90 days
 * at most, a page 100 requests. Anyone can read these, so only requests of services the catalogue
 * marks public are in it (a request of another service is as absent as one that does not exist),
 * their place as the catalogue says (exact, coarse or none), and as status notes only what an agent
 * marked shared.
 */
@Controller('api/v1/open311')
@Allow('service:intake-gateway')
export class Open311RequestsHttpController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: CaseConfig,
    private readonly catalogue: CatalogueStore,
  ) {}

  @Get('requests')
  async list(@Query() raw: Record<string, string>) {
    const q = parseBody(querySchema, raw);
    // Until the catalogue is read, nothing is known to be public.
    if (!this.catalogue.ready)
      throw new ApiError(503, 'The service catalogue is still loading; try again shortly.', undefined, 2);
    const shown = new Map<string, Open311Location>();
    for (const s of this.catalogue.all()) {
      const v = open311VisibilityOf(s);
      if (v.public) shown.set(s.code, v.location);
    }
    const qb = this.dataSource
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .where('c.tenant_id = :tenant', { tenant: this.config.TENANT_ID });
    if (q.service_request_id) {
      const refs = q.service_request_id.split(',').map((r) => normalizeReference(r));
      if (refs.some((r) => r === null))
        throw new ApiError(400, 'Not valid.', [
          { field: 'service_request_id', reason: 'not a list of valid references' },
        ]);
      qb.andWhere('c.reference IN (:...refs)', { refs });
    } else {
      const end = q.end_date ? new Date(q.end_date) : new Date();
      const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - 90 * DAY);
      if (start > end)
        throw new ApiError(400, 'Not valid.', [{ field: 'start_date', reason: 'after end_date' }]);
      if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY) {
        throw new ApiError(400, 'Not valid.', [
          {
            field: 'start_date',
            reason: `at most ${MAX_RANGE_DAYS} days before end_date (or now, without end_date)`,
          },
        ]);
      }
      qb.andWhere('c.received_at BETWEEN :start AND :end', { start, end });
    }
    const codes = (q.service_code ? q.service_code.split(',') : [...shown.keys()]).filter((code) =>
      shown.has(code),
    );
    if (codes.length === 0) return { page: q.page, pageSize: q.page_size, total: 0, requests: [] };
    qb.andWhere('c.service_code IN (:...codes)', { codes });
    if (q.status && q.status.split(',').length === 1) {
      qb.andWhere(`c.status ${q.status === 'open' ? 'IN' : 'NOT IN'} (:...active)`, {
        active: ACTIVE_STATUSES,
      });
    }
    const [rows, total] = await qb
      .orderBy('c.received_at', 'DESC')
      .skip((q.page - 1) * q.page_size)
      .take(q.page_size)
      .getManyAndCount();
    // Status notes: the latest note an agent marked shared. Internal notes and the reasons typed
    // with a status change (never marked for the public) are not read at all.
    const notes = rows.length
      ? await this.dataSource
          .getRepository(TimelineEntry)
          .createQueryBuilder('t')
          .where('t.case_id IN (:...ids)', { ids: rows.map((r) => r.id) })
          .andWhere(`t.kind = 'note-added' AND t.details->>'visibility' = 'shared'`)
          .orderBy('t.at', 'DESC')
          .getMany()
      : [];
    const lastNote = new Map<string, string>();
    for (const n of notes) {
      const text = (n.details as { text?: string }).text;
      if (text && !lastNote.has(n.caseId)) lastNote.set(n.caseId, text);
    }
    return {
      page: q.page,
      pageSize: q.page_size,
      total,
      requests: rows.map((c) => {
        const place = open311Place(shown.get(c.serviceCode) ?? 'none', c);
        return {
          service_request_id: c.reference,
          status: ACTIVE_STATUSES.includes(c.status) ? 'open' : 'closed',
          status_notes: lastNote.get(c.id) ?? null,
          service_code: c.serviceCode,
          description: c.description,
          agency_responsible: c.queue,
          service_notice: null,
          requested_datetime: c.receivedAt.toISOString(),
          updated_datetime: c.updatedAt.toISOString(),
          expected_datetime: c.resolutionDueAt?.toISOString() ?? null,
          address: place.address,
          address_id: place.addressId,
          lat: place.lat,
          long: place.long,
          media_url: null,
        };
      }),
    };
  }
}
