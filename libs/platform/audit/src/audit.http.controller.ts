import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Allow, City } from '@city/platform-auth';
import { ApiQueryFrom, parseBody } from '@city/platform-http';
import { AuditRead } from './audit-read.entity';

const querySchema = z
  .object({
    /** Reads by this actor (`agent:agent-17`). */
    actor: z.string().trim().min(1).max(200).optional(),
    /** Reads of this reference or citizen id: read directly, or shown in a search's results. */
    subject: z.string().trim().min(1).max(200).optional(),
    action: z.string().trim().min(1).max(100).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

/** The audit log of reads of personal data, for a city's administrators (their city's alone): who read what, when. Newest first. */
@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditHttpController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('reads')
  @Allow('admin')
  @ApiOperation({
    summary: 'Reads of personal data',
    description:
      'Who read what, when: by actor, subject (a reference or citizen id), action and time; newest first.',
  })
  @ApiQueryFrom(querySchema)
  @ApiOkResponse({ description: '`{ count, reads }`' })
  @ApiResponse({ status: 400, description: 'A query parameter is not valid' })
  async reads(@Query() raw: Record<string, string>, @City() city: string) {
    const q = parseBody(querySchema, raw);
    const qb = this.dataSource
      .getRepository(AuditRead)
      .createQueryBuilder('a')
      .where('a.tenant_id = :tenant', { tenant: city });
    if (q.actor) qb.andWhere('a.actor = :actor', { actor: q.actor });
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.subject)
      qb.andWhere('(a.subject = :subject OR :subject = ANY(a.references))', { subject: q.subject });
    if (q.from) qb.andWhere('a.at >= :from', { from: new Date(q.from) });
    if (q.to) qb.andWhere('a.at < :to', { to: new Date(q.to) });
    const rows = await qb.orderBy('a.id', 'DESC').limit(q.limit).getMany();
    return {
      count: rows.length,
      reads: rows.map((r) => ({
        at: r.at.toISOString(),
        actor: r.actor,
        action: r.action,
        subject: r.subject,
        references: r.references,
        outcome: r.outcome,
        correlationId: r.correlationId,
      })),
    };
  }
}
