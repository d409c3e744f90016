import { Allow, City } from '@city/platform-auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ACTIVE_STATUSES } from '@city/domain-cases';
import { ApiQueryFrom, parseBody } from '@city/platform-http';
import { ListOpen311RequestsUseCase } from './list-open311-requests/list-open311-requests.usecase';
import { open311Place } from './open311-place.util';

/** The spec's span of a date search, and the largest page. */
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

/**
 * The data behind Open311 GET requests and GET requests/{id}: the gateway renders it as GeoReport
 * JSON or XML. Without ids or dates, the last 90 days, as the spec suggests; a range spans 90 days
 * at most, a page 100 requests. Anyone can read these, so only requests of services the catalogue
 * marks public are in it (a request of another service is as absent as one that does not exist),
 * their place as the catalogue says (exact, coarse or none), and as status notes only what an agent
 * marked shared.
 */
@ApiTags('open311')
@Controller('api/v1/open311')
@Allow('service:intake-gateway')
export class Open311RequestsHttpController {
  constructor(private readonly listRequests: ListOpen311RequestsUseCase) {}

  @Get('requests')
  @ApiOperation({
    summary: 'Public requests, for Open311 GeoReport v2',
    description:
      'The data behind Open311 `GET requests` and `GET requests/{id}`, which the intake-gateway renders as JSON or XML. ' +
      'Without ids or dates, the last 90 days; a range spans 90 days at most, a page 100 requests. Only services the ' +
      'catalogue marks public, their place as the catalogue says, and as status notes only what an agent marked shared. ' +
      "A report joined to an earlier one of the same service (a duplicate) shows that one's status and expected date, " +
      'and names it in its status notes.',
  })
  @ApiQueryFrom(querySchema)
  @ApiOkResponse({
    description: '`{ page, pageSize, total, requests }`, each request in GeoReport v2 fields',
  })
  @ApiResponse({ status: 400, description: 'A query parameter is not valid, or the range is too long' })
  async list(@Query() raw: Record<string, string>, @City() city: string) {
    const page = await this.listRequests.execute(city, parseBody(querySchema, raw));
    return {
      page: page.page,
      pageSize: page.pageSize,
      total: page.total,
      requests: page.requests.map(({ case: c, location, statusNotes, original }) => {
        const place = open311Place(location, c);
        // A duplicate answers as the report it follows: its state, its expected date, its last change.
        const state = original ?? c;
        const updatedAt = original && original.updatedAt > c.updatedAt ? original.updatedAt : c.updatedAt;
        return {
          service_request_id: c.reference,
          status: ACTIVE_STATUSES.includes(state.status) ? 'open' : 'closed',
          status_notes: statusNotes,
          service_code: c.serviceCode,
          description: c.description,
          agency_responsible: c.queue,
          service_notice: null,
          requested_datetime: c.receivedAt.toISOString(),
          updated_datetime: updatedAt.toISOString(),
          expected_datetime: state.resolutionDueAt?.toISOString() ?? null,
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
