import { Controller, Get, Inject, Query } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { z } from 'zod';
import { ACTIVE_STATUSES } from '@city/domain-cases';
import { normalizeReference } from '@city/domain-intake';
import { APP_CONFIG } from '@city/platform-config';
import { ApiError, parseBody } from '@city/platform-http';
import { CaseRecord } from '../cases/case.entity';
import type { CaseConfig } from '../config';
import { TimelineEntry } from '../timeline/timeline-entry.entity';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time');
const querySchema = z
  .object({
    service_request_id: z.string().max(2000).optional(),
    service_code: z.string().max(64).optional(),
    start_date: isoDate.optional(),
    end_date: isoDate.optional(),
    status: z.string().regex(/^(open|closed)(,(open|closed))?$/, 'open, closed or both').optional(),
    page: z.coerce.number().int().min(1).default(1),
    page_size: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

const DAY = 24 * 3600_000;

/**
 * The data behind Open311 GET requests and GET requests/{id}: the gateway renders it as GeoReport
 * JSON or XML. Without ids or dates, the last 90 days, as the spec suggests.
 */
@Controller('api/v1/open311')
export class Open311RequestsHttpController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: CaseConfig,
  ) {}

  @Get('requests')
  async list(@Query() raw: Record<string, string>) {
    const q = parseBody(querySchema, raw);
    const qb = this.dataSource.getRepository(CaseRecord).createQueryBuilder('c').where('c.tenant_id = :tenant', { tenant: this.config.TENANT_ID });
    if (q.service_request_id) {
      const refs = q.service_request_id.split(',').map((r) => normalizeReference(r));
      if (refs.some((r) => r === null)) throw new ApiError(400, 'Not valid.', [{ field: 'service_request_id', reason: 'not a list of valid references' }]);
      qb.andWhere('c.reference IN (:...refs)', { refs });
    } else {
      const end = q.end_date ? new Date(q.end_date) : new Date();
      const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - 90 * DAY);
      if (start > end) throw new ApiError(400, 'Not valid.', [{ field: 'start_date', reason: 'after end_date' }]);
      qb.andWhere('c.received_at BETWEEN :start AND :end', { start, end });
    }
    if (q.service_code) qb.andWhere('c.service_code IN (:...codes)', { codes: q.service_code.split(',') });
    if (q.status && q.status.split(',').length === 1) {
      qb.andWhere(`c.status ${q.status === 'open' ? 'IN' : 'NOT IN'} (:...active)`, { active: ACTIVE_STATUSES });
    }
    const [rows, total] = await qb.orderBy('c.received_at', 'DESC').skip((q.page - 1) * q.page_size).take(q.page_size).getManyAndCount();
    const notes = rows.length
      ? await this.dataSource
          .getRepository(TimelineEntry)
          .find({ where: { caseId: In(rows.map((r) => r.id)), kind: In(['status-changed', 'note-added']) }, order: { at: 'DESC' } })
      : [];
    const lastNote = new Map<string, string>();
    for (const n of notes) {
      const d = n.details as { visibility?: string; text?: string; reason?: string | null };
      const text = n.kind === 'note-added' ? (d.visibility === 'shared' ? d.text : undefined) : (d.reason ?? undefined);
      if (text && !lastNote.has(n.caseId)) lastNote.set(n.caseId, text);
    }
    return {
      page: q.page,
      pageSize: q.page_size,
      total,
      requests: rows.map((c) => ({
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
        address: c.address,
        address_id: c.propertyId,
        lat: c.lat,
        long: c.long,
        media_url: null,
      })),
    };
  }
}
