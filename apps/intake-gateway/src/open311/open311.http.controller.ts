import { Public } from '@city/platform-auth';
import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  identityOf,
  submitRequestBodySchema,
  type Open311Discovery,
  type Open311Error,
  type Open311RequestCreated,
} from '@city/contracts';
import { APP_CONFIG, CityProfiles } from '@city/platform-config';
import { CaseServiceClient } from '../case-record/case-service.client';
import { CatalogueStore } from '@city/platform-kafka';
import { ClientsRegistry } from '../clients/clients.registry';
import type { GatewayConfig } from '../config';
import { fieldErrors, RateLimit } from '@city/platform-http';
import { CorrelationId } from '../http/correlation-id.decorator';
import { IdempotencyStore } from '../submission/idempotency.store';
import { open311Contact } from '../submission/rate-limit-targets';
import { SubmitRequestUseCase } from '../submission/submit-request.usecase';
import { readOpen311Form } from './open311-form';
import {
  render,
  renderErrors,
  splitFormat,
  toOpen311Definition,
  toOpen311Errors,
  toOpen311Service,
  type Open311Format,
} from './open311.format';

type Form = Record<string, string | string[] | undefined>;

/** The GeoReport v2 POST requests form as `readOpen311Form` reads it (then checked as any submission). */
const OPEN311_FORM = {
  type: 'object',
  required: ['service_code'],
  properties: {
    api_key: { type: 'string', description: "The client's API key (here or in the query)" },
    jurisdiction_id: {
      type: 'string',
      description: "The city's jurisdiction (here or in the query); needed where the endpoint serves several",
    },
    service_code: { type: 'string', example: 'pothole' },
    description: { type: 'string' },
    lat: { type: 'number' },
    long: { type: 'number' },
    address_string: { type: 'string' },
    address_id: { type: 'string' },
    email: { type: 'string' },
    phone: { type: 'string' },
    first_name: { type: 'string' },
    last_name: { type: 'string' },
    device_id: { type: 'string' },
    account_id: { type: 'string' },
    media_url: { type: 'string' },
  },
  additionalProperties: {
    description:
      "The service's attributes as `attribute[code]`, lists as `attribute[code][]`; other fields are ignored",
  },
};

/** Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) in JSON and XML, for client apps. */
@ApiTags('open311')
@Public(
  'Open311 GeoReport v2: public reads of public services; submissions carry an API key, checked by the route',
)
@Controller('open311/v2')
export class Open311HttpController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    private readonly catalogue: CatalogueStore,
    private readonly clients: ClientsRegistry,
    private readonly submitRequest: SubmitRequestUseCase,
    private readonly idempotency: IdempotencyStore,
    private readonly cases: CaseServiceClient,
    /** Each served city with its Open311 jurisdiction (its city.yaml's, else its id). */
    private readonly profiles: CityProfiles,
  ) {}

  /**
   * The city an Open311 call is for: the one its `jurisdiction_id` names (GeoReport v2: required
   * where an endpoint serves several jurisdictions), or the one city served. Null, with a 400 sent
   * naming the field, when it names none served or is missing where several are.
   */
  private cityOf(raw: unknown, reply: FastifyReply, format: Open311Format): string | null {
    const given = (Array.isArray(raw) ? raw[raw.length - 1] : raw) as string | undefined;
    const named = typeof given === 'string' ? given.trim() : '';
    const served = this.profiles.all();
    const known = served.map((p) => p.jurisdiction).join(', ');
    if (named) {
      const city = this.profiles.byJurisdiction(named)?.city;
      if (city) return city;
      this.fail(reply, format, 400, [
        { code: 400, description: `jurisdiction_id: not one this endpoint serves (${known})` },
      ]);
      return null;
    }
    if (served.length === 1) return served[0].city;
    this.fail(reply, format, 400, [
      { code: 400, description: `jurisdiction_id: required: this endpoint serves several (${known})` },
    ]);
    return null;
  }

  private send(reply: FastifyReply, status: number, r: { contentType: string; body: string }): void {
    reply.status(status).header('Content-Type', r.contentType).send(r.body);
  }

  private fail(
    reply: FastifyReply,
    format: Open311Format,
    status: number,
    errors: Open311Error[],
    retryAfter?: number,
  ): void {
    if (retryAfter) reply.header('Retry-After', String(retryAfter));
    this.send(reply, status, renderErrors(format, errors));
  }

  private unknownFormat(reply: FastifyReply, file: string): void {
    this.fail(reply, 'json', 404, [
      { code: 404, description: `${file}: not found; use a .json or .xml ending` },
    ]);
  }

  @Get(':file')
  @RateLimit('open311-read')
  @ApiOperation({ summary: 'discovery.{json|xml} and services.{json|xml}' })
  async top(
    @Param('file') file: string,
    @Query() query: Record<string, string>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const f = splitFormat(file);
    if (!f) return this.unknownFormat(reply, file);
    if (f.name === 'discovery') {
      const base = `${this.config.PUBLIC_TRACK_URL.replace(/\/track$/, '')}`;
      const discovery: Open311Discovery = {
        changeset: '2026-11-27T00:00:00Z',
        contact: this.config.OPEN311_CONTACT,
        key_service: 'API keys are issued per client application by the city; ask the contact above.',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${base}/open311/v2`,
            changeset: '2026-11-27T00:00:00Z',
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      };
      return this.send(reply, 200, render(f.format, 'discovery', null, discovery));
    }
    const city =
      f.name === 'services' || f.name === 'requests'
        ? this.cityOf(query.jurisdiction_id, reply, f.format)
        : '';
    if (city === null) return;
    if (f.name === 'services')
      return this.send(
        reply,
        200,
        render(
          f.format,
          'services',
          'service',
          // A service given only to a citizen signed in on the city's portal is refused over Open311
          // (it has no citizen sign-in), so an Open311 app is not offered it either.
          this.catalogue
            .list(city)
            .filter((s) => identityOf(s) !== 'signed-in')
            .map(toOpen311Service),
        ),
      );
    if (f.name === 'requests') return this.readRequests(reply, f.format, city, query, null);
    return this.fail(reply, f.format, 404, [{ code: 404, description: `${f.name}: no such resource` }]);
  }

  @Get('requests/:file')
  @RateLimit('open311-read')
  @ApiOperation({ summary: 'GET requests/{service_request_id}.{json|xml}: one request from the case record' })
  async oneRequest(
    @Param('file') file: string,
    @Query('jurisdiction_id') jurisdiction: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const f = splitFormat(file);
    if (!f) return this.unknownFormat(reply, file);
    const city = this.cityOf(jurisdiction, reply, f.format);
    if (city === null) return;
    return this.readRequests(reply, f.format, city, {}, f.name);
  }

  /** GET requests (filters: service_request_id list, service_code, start_date, end_date, status; page, page_size). */
  private async readRequests(
    reply: FastifyReply,
    format: Open311Format,
    city: string,
    query: Record<string, string>,
    single: string | null,
  ): Promise<void> {
    const allowed = [
      'service_request_id',
      'service_code',
      'start_date',
      'end_date',
      'status',
      'page',
      'page_size',
    ];
    const q = single
      ? { service_request_id: single }
      : Object.fromEntries(Object.entries(query).filter(([k]) => allowed.includes(k)));
    const res = await this.cases.get(city, '/api/v1/open311/requests', q);
    if (!res || res.status >= 500)
      return this.fail(
        reply,
        format,
        503,
        [{ code: 503, description: 'the case record is not answering; retry' }],
        30,
      );
    const body = (await res.json()) as {
      errors?: Array<{ field: string; reason: string }>;
      message?: string;
      total?: number;
      requests?: unknown[];
    };
    if (res.status === 400) {
      if (single)
        return this.fail(reply, format, 404, [
          { code: 404, description: `service_request_id ${single} not found` },
        ]);
      return this.fail(
        reply,
        format,
        400,
        (body.errors ?? []).map((e) => ({ code: 400, description: `${e.field}: ${e.reason}` })),
      );
    }
    const requests = body.requests ?? [];
    if (single && requests.length === 0)
      return this.fail(reply, format, 404, [
        { code: 404, description: `service_request_id ${single} not found` },
      ]);
    reply.header('X-Total-Count', String(body.total ?? requests.length));
    this.send(reply, 200, render(format, 'service_requests', 'request', requests));
  }

  @Get('services/:file')
  @ApiOperation({ summary: 'A service definition: its attributes' })
  definition(
    @Param('file') file: string,
    @Query('jurisdiction_id') jurisdiction: unknown,
    @Res() reply: FastifyReply,
  ): void {
    const f = splitFormat(file);
    if (!f) return this.unknownFormat(reply, file);
    const city = this.cityOf(jurisdiction, reply, f.format);
    if (city === null) return;
    const s = this.catalogue.get(f.name, city);
    if (!s || !s.active)
      return this.fail(reply, f.format, 404, [
        { code: 404, description: `service_code ${f.name} not found` },
      ]);
    this.send(reply, 200, render(f.format, 'service_definition', null, toOpen311Definition(s)));
  }

  @Get('tokens/:file')
  @ApiOperation({ summary: 'The service_request_id behind a token' })
  async token(
    @Param('file') file: string,
    @Query('jurisdiction_id') jurisdiction: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const f = splitFormat(file);
    if (!f) return this.unknownFormat(reply, file);
    const city = this.cityOf(jurisdiction, reply, f.format);
    if (city === null) return;
    const ref = await this.idempotency.referenceOfToken(city, f.name);
    if (ref === 'unavailable')
      return this.fail(
        reply,
        f.format,
        503,
        [{ code: 503, description: 'token look-up unavailable; retry' }],
        5,
      );
    if (!ref)
      return this.fail(reply, f.format, 404, [{ code: 404, description: `token ${f.name} not found` }]);
    this.send(
      reply,
      200,
      render(f.format, 'service_requests', 'request', [{ service_request_id: ref, token: f.name }]),
    );
  }

  @Post(':file')
  @RateLimit('submission', open311Contact)
  @ApiOperation({ summary: 'POST requests.{json|xml}: form-urlencoded, attribute[code], api_key' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ schema: OPEN311_FORM })
  @ApiQuery({
    name: 'api_key',
    type: String,
    required: false,
    description: "The client's API key (or in the form)",
  })
  async create(
    @Param('file') file: string,
    @Body() form: Form | undefined,
    @Query('api_key') queryKey: string | undefined,
    @Query('jurisdiction_id') jurisdiction: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CorrelationId() correlationId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const f = splitFormat(file);
    if (!f) return this.unknownFormat(reply, file);
    if (f.name !== 'requests')
      return this.fail(reply, f.format, 404, [{ code: 404, description: `${f.name}: no such resource` }]);
    const fields: Form = form && typeof form === 'object' ? form : {};
    const apiKey = (fields.api_key as string | undefined) ?? queryKey;
    const client = apiKey ? this.clients.open311ClientByKey(String(apiKey)) : undefined;
    if (!client)
      return this.fail(reply, f.format, 403, [
        { code: 403, description: apiKey ? 'api_key: not valid' : 'api_key: required' },
      ]);

    const city = this.cityOf(fields.jurisdiction_id ?? jurisdiction, reply, f.format);
    if (city === null) return;
    const read = readOpen311Form(fields);
    if (!read.ok)
      return this.fail(
        reply,
        f.format,
        400,
        read.errors.map((e) => ({ code: 400, description: `${e.field}: ${e.reason}` })),
      );
    const structural = submitRequestBodySchema.safeParse(read.body);
    if (!structural.success)
      return this.fail(
        reply,
        f.format,
        400,
        toOpen311Errors(400, fieldErrors(structural.error), 'not valid'),
      );

    const outcome = await this.submitRequest.submit(structural.data, {
      city,
      channel: 'web',
      channelDetails: {
        kind: 'open311',
        clientId: client.clientId,
        clientName: client.name,
        deviceId: read.deviceId,
      },
      idempotencyKey: idempotencyKey ? `open311:${client.clientId}:${idempotencyKey}` : null,
      correlationId,
    });
    // A service given only to a citizen signed in on the city's portal: an Open311 client has no sign-in.
    if (!outcome.ok && outcome.status === 401)
      return this.fail(reply, f.format, 403, [
        {
          code: 403,
          description: `service_code: ${structural.data.serviceCode} is given only to a citizen signed in on the city's portal`,
        },
      ]);
    if (!outcome.ok) {
      const errors = outcome.status === 503 ? undefined : outcome.errors;
      return this.fail(
        reply,
        f.format,
        outcome.status,
        toOpen311Errors(outcome.status, errors, outcome.message),
        outcome.status === 503 ? outcome.retryAfterSeconds : undefined,
      );
    }
    const s = this.catalogue.get(outcome.response.serviceCode, city);
    const created: Open311RequestCreated = {
      service_request_id: outcome.response.reference,
      token: outcome.eventId,
      service_notice: s?.sla.promise.en ?? '',
      account_id: null,
    };
    this.send(reply, 200, render(f.format, 'service_requests', 'request', [created]));
  }
}
