import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { actorLabel, Allow, City, CurrentActor, type Actor } from '@city/platform-auth';
import { parseBody } from '@city/platform-http';
import {
  ApplyRetentionUseCase,
  retentionReportOf,
  type RetentionReport,
} from './apply-retention/apply-retention.usecase';
import { RetentionRepository } from './retention.repository';

const runsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(30) }).strict();

/**
 * The retention of finished requests' personal data (docs/personal-data.md): the runs' reports, and
 * a run now. Administrators of the city only.
 */
@ApiTags('retention')
@Controller('api/v1/retention')
export class RetentionHttpController {
  constructor(
    private readonly apply: ApplyRetentionUseCase,
    private readonly retention: RetentionRepository,
  ) {}

  @Get('runs')
  @Allow('admin')
  @ApiOperation({
    summary: "The city's retention runs, newest first",
    description:
      'Each run: when, by whom (`schedule` or an administrator), how many requests of each service it anonymised, and what each service changed.',
  })
  @ApiQuery({ name: 'limit', required: false, description: 'At most this many runs (1 to 100; 30)' })
  @ApiOkResponse({
    description:
      '`{ runs: [{ id, city, ranAt, ranBy, cases, casesByService, erased, outcome, finishedAt }] }`; outcome: `under-way`, `done`, `stopped` (a service out of reach), `cut-short` (its process gone), or null (before outcomes were recorded)',
  })
  @ApiResponse({ status: 400, description: 'limit is not a number from 1 to 100' })
  async runs(
    @Query() raw: Record<string, string>,
    @City() city: string,
  ): Promise<{ runs: RetentionReport[] }> {
    const { limit } = parseBody(runsQuery, raw);
    return { runs: (await this.retention.runs(city, limit)).map(retentionReportOf) };
  }

  @Post('runs')
  @Allow('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run the retention now',
    description:
      "Anonymises every finished request (closed, a duplicate, not the city's, withdrawn) of the city that last changed longer ago than its service keeps personal data (the catalogue's `retention`, else the deployment's RETENTION_DAYS), in every service, as the nightly run does; answers its report. 503 when a service cannot be reached (what was done so far is reported in the runs; the next run does the rest).",
  })
  @ApiOkResponse({
    description: 'The run: `{ id, city, ranAt, ranBy, cases, casesByService, erased, outcome, finishedAt }`',
  })
  @ApiResponse({
    status: 409,
    description:
      '`retention.run-under-way`: a run of the city is under way (it is listed in the runs); nothing was done',
  })
  @ApiResponse({ status: 503, description: 'A service holding personal data cannot be reached; run again' })
  run(@CurrentActor() actor: Actor, @City() city: string): Promise<RetentionReport> {
    return this.apply.execute(city, actorLabel(actor));
  }
}
