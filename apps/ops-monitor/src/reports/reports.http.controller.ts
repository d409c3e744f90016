import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Allow } from '@city/platform-auth';
import { ApiQueryFrom, invalid, parseBody } from '@city/platform-http';
import { StandardOfServiceUseCase } from './standard-of-service/standard-of-service.usecase';
import { standardOfServiceCsv } from './standard-of-service/standard-of-service.csv';

const DAY_MS = 86_400_000;
const day = z.iso.date();

/** A period of whole days, `from` to `to` inclusive (30 days to today by default), at most 3 years. */
export const periodQuery = z
  .object({
    from: day.optional(),
    to: day.optional(),
    /** Percentage points (see PARITY_MARGIN). */
    margin: z.coerce.number().min(0).max(100).optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

function periodOf(q: z.infer<typeof periodQuery>): { from: Date; to: Date } {
  const today = new Date(new Date().toISOString().slice(0, 10));
  const to = new Date((q.to ? new Date(q.to) : today).getTime() + DAY_MS);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY_MS);
  if (from >= to) throw invalid([{ field: 'from', reason: 'must be on or before to' }]);
  if (to.getTime() - from.getTime() > 3 * 366 * DAY_MS)
    throw invalid([{ field: 'from', reason: 'a period of at most three years' }]);
  return { from, to };
}

@ApiTags('reports')
@Controller('api/v1/reports')
export class ReportsHttpController {
  constructor(private readonly standard: StandardOfServiceUseCase) {}

  @Get('standard-of-service')
  @Allow('supervisor', 'ops')
  @ApiQueryFrom(periodQuery)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'The standard of service per service and channel over a period, and where a channel does worse',
    description:
      'For each service and each channel of origin (and the service on all channels), of the requests received in the period: volume, time to first response and to resolution (median and 90th percentile, hours), the share resolved within the service level, the reopen rate, the duplicate share and the mean satisfaction (1-5). `findings` name each channel that does worse than the same service’s other channels by more than the margin, in a sentence; `summary` says it for the whole city. `format=csv` gives the table as CSV.',
  })
  async standardOfService(
    @Query() raw: Record<string, string>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const q = parseBody(periodQuery, raw);
    const report = await this.standard.execute({ ...periodOf(q), margin: q.margin });
    if (q.format === 'csv') {
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="standard-of-service-${report.from.slice(0, 10)}.csv"`,
        );
      return standardOfServiceCsv(report);
    }
    return report;
  }
}
