import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CHANNELS } from '@city/contracts';
import { Allow, City } from '@city/platform-auth';
import { ApiQueryFrom, invalid, parseBody } from '@city/platform-http';
import { channelShiftCsv, demandCsv, processReviewCsv, selfAssessmentCsv } from './reports.csv';
import { ChannelShiftUseCase } from './channel-shift/channel-shift.usecase';
import { DemandUseCase } from './demand/demand.usecase';
import { ComparisonUseCase } from './comparison/comparison.usecase';
import { ProcessReviewUseCase } from './process-review/process-review.usecase';
import { SelfAssessmentUseCase } from './self-assessment/assess/self-assessment.usecase';
import { standardOfServiceCsv } from './standard-of-service/standard-of-service.csv';
import { StandardOfServiceUseCase } from './standard-of-service/standard-of-service.usecase';

const DAY_MS = 86_400_000;
const day = z.iso.date();

/** A period of whole days, `from` to `to` inclusive (the 30 days to today by default), at most 3 years. */
const period = {
  from: day.optional(),
  to: day.optional(),
  format: z.enum(['json', 'csv']).default('json'),
};
const interval = { interval: z.enum(['week', 'month']).default('month') };
export const standardQuery = z
  .object({ ...period, margin: z.coerce.number().min(0).max(100).optional() })
  .strict();
export const periodQuery = z.object(period).strict();
/** A period of whole days (JSON only: the comparison is one table per city and service). */
export const comparisonQuery = z.object({ from: period.from, to: period.to }).strict();
export const bucketQuery = z.object({ ...period, ...interval }).strict();
const shiftPattern = new RegExp(`^(${CHANNELS.join('|')})>(${CHANNELS.join('|')}):(\\d{1,3})$`);
export const channelShiftQuery = z
  .object({
    ...period,
    ...interval,
    /** A proposed shift, `from>to:percent`, e.g. `phone>web:20`. */
    shift: z
      .string()
      .regex(shiftPattern, 'a shift such as phone>web:20 (from channel, to channel, percent)')
      .optional(),
    /** Only this service's requests move (every service's when absent). */
    service: z.string().min(1).max(100).optional(),
  })
  .strict();

function periodOf(q: { from?: string; to?: string }): { from: Date; to: Date } {
  const today = new Date(new Date().toISOString().slice(0, 10));
  const to = new Date((q.to ? new Date(q.to) : today).getTime() + DAY_MS);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY_MS);
  if (from >= to) throw invalid([{ field: 'from', reason: 'must be on or before to' }]);
  if (to.getTime() - from.getTime() > 3 * 366 * DAY_MS)
    throw invalid([{ field: 'from', reason: 'a period of at most three years' }]);
  return { from, to };
}

/** The answer: the report as JSON, or as a CSV file named after the report and its first day. */
function answer<R extends { from: string }>(
  reply: FastifyReply,
  format: string,
  name: string,
  report: R,
  csv: (r: R) => string,
) {
  if (format !== 'csv') return report;
  void reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-${report.from.slice(0, 10)}.csv"`);
  return csv(report);
}

@ApiTags('reports')
@Controller('api/v1/reports')
export class ReportsHttpController {
  constructor(
    private readonly standard: StandardOfServiceUseCase,
    private readonly shift: ChannelShiftUseCase,
    private readonly demandInsight: DemandUseCase,
    private readonly process: ProcessReviewUseCase,
    private readonly assessment: SelfAssessmentUseCase,
    private readonly compare: ComparisonUseCase,
  ) {}

  @Get('standard-of-service')
  @Allow('supervisor', 'ops')
  @ApiQueryFrom(standardQuery)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'The standard of service per service and channel over a period, and where a channel does worse',
    description:
      'For each service and each channel of origin (and the service on all channels), of the requests received in the period: volume, time to first response and to resolution (median and 90th percentile, hours), the share resolved within the service level, the reopen rate, the duplicate share and the mean satisfaction (1-5). `findings` name each channel that does worse than the same service’s other channels by more than the margin, in a sentence; `summary` says it for the whole city. `format=csv` gives the table as CSV.',
  })
  async standardOfService(
    @City() city: string,
    @Query() raw: Record<string, string>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const q = parseBody(standardQuery, raw);
    const report = await this.standard.execute(city, { ...periodOf(q), margin: q.margin });
    return answer(reply, q.format, 'standard-of-service', report, standardOfServiceCsv);
  }

  @Get('channel-shift')
  @Allow('supervisor', 'ops')
  @ApiQueryFrom(channelShiftQuery)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary:
      'Channel shift: requests by channel over time, what contact cost, and the saving of a proposed shift',
    description:
      'Per service and week or month, the requests on each channel; the share on each channel; the cost of contact from the unit costs the city configures (CONTACT_COSTS_FILE); and, with `shift=phone>web:20` (optionally for one `service`), the requests that would move, the cost afterwards and the saving, in a sentence.',
  })
  async channelShift(
    @City() city: string,
    @Query() raw: Record<string, string>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const q = parseBody(channelShiftQuery, raw);
    const m = q.shift ? shiftPattern.exec(q.shift)! : null;
    if (m && m[1] === m[2]) throw invalid([{ field: 'shift', reason: 'the channels must differ' }]);
    if (m && Number(m[3]) > 100) throw invalid([{ field: 'shift', reason: 'a percent of at most 100' }]);
    const report = await this.shift.execute(city, {
      ...periodOf(q),
      interval: q.interval,
      ...(m
        ? {
            shift: {
              from: m[1] as never,
              to: m[2] as never,
              percent: Number(m[3]),
              ...(q.service ? { serviceCode: q.service } : {}),
            },
          }
        : {}),
    });
    return answer(reply, q.format, 'channel-shift', report, channelShiftCsv);
  }

  @Get('demand')
  @Allow('supervisor', 'ops')
  @ApiQueryFrom(bucketQuery)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'Demand insight: what citizens ask for, where (district) and how (channel), over time',
    description:
      'The services asked for, the most first, with their channels and districts; the districts, the busiest first, with their top five services; requests per week or month and channel; and every cell (period, service, district, channel).',
  })
  async demand(
    @City() city: string,
    @Query() raw: Record<string, string>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const q = parseBody(bucketQuery, raw);
    const report = await this.demandInsight.execute(city, { ...periodOf(q), interval: q.interval });
    return answer(reply, q.format, 'demand', report, demandCsv);
  }

  @Get('process-review')
  @Allow('supervisor', 'ops')
  @ApiQueryFrom(periodQuery)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'Process review: time spent in each step per service, and where each process waits',
    description:
      'Of the statuses cases entered in the period, per service: how many left it and how many are still in it, the median and 90th percentile of the time spent by those that left it (hours), and the total (those still in it counted to now); the step with the largest share of the time before resolution, in a sentence.',
  })
  async processReview(
    @City() city: string,
    @Query() raw: Record<string, string>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const q = parseBody(periodQuery, raw);
    const report = await this.process.execute(city, periodOf(q));
    return answer(reply, q.format, 'process-review', report, processReviewCsv);
  }

  @Get('self-assessment')
  @Allow('supervisor', 'ops', 'admin')
  @ApiQueryFrom(periodQuery)
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: "The city's self-assessment by the national service list (LGSL): ambitions beside achievements",
    description:
      'For each LGSL service the city offers or has an ambition for: the channels that offer it (the catalogue), and beside the ambition (the service’s own, or the city’s) whether it is offered online, the digital take-up (share of requests made on the web) and the share resolved within the service level, each met, not met, without data or without an ambition; counts and a summary sentence. Keyed by LGSL id, so cities compare like with like.',
  })
  async selfAssessment(
    @City() city: string,
    @Query() raw: Record<string, string>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const q = parseBody(periodQuery, raw);
    const report = await this.assessment.execute(city, periodOf(q));
    return answer(reply, q.format, 'self-assessment', report, selfAssessmentCsv);
  }

  @Get('comparison')
  @Allow('supervisor', 'ops', 'admin')
  @ApiQueryFrom(comparisonQuery)
  @ApiOperation({
    summary: 'Cities compared by the national service list (LGSL), for the cities that agreed to share',
    description:
      'The deployment’s cities whose city.yaml says `compare: true`, side by side for each LGSL service any of them offers: per city its services under that id, requests, whether it is offered online, the digital take-up and the share resolved within its own service level (its self-assessment), and the median hours to resolution, the mean satisfaction and the channels doing worse than the others (its standard-of-service report; the busiest service under that id). `cities[city]` is null where a city does not offer the service. Each city is measured against its own service levels and calendar. 403 for a city that does not share its own.',
  })
  @ApiResponse({ status: 403, description: 'Not allowed, or the caller’s city does not share its figures' })
  async comparison(@City() city: string, @Query() raw: Record<string, string>) {
    const q = parseBody(comparisonQuery, raw);
    return this.compare.execute(city, periodOf(q));
  }
}
