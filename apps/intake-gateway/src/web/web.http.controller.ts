import {
  bearerOf,
  City,
  cityOf,
  hasRole,
  Public,
  TokenVerifier,
  type RequestWithActor,
} from '@city/platform-auth';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  CHANNELS,
  idempotencyKeySchema,
  submitRequestBodySchema,
  type AcceptedResponse,
  type Channel,
} from '@city/contracts';
import { CatalogueStore } from '@city/platform-kafka';
import { ApiError, fieldErrors, invalid, parseBody, RateLimit, openApiSchema } from '@city/platform-http';
import { CorrelationId } from '../http/correlation-id.decorator';
import { acceptedOrThrow } from '../submission/outcome';
import { webContact } from '../submission/rate-limit-targets';
import { SubmitRequestUseCase, type SignedInCitizen } from '../submission/submit-request.usecase';
import {
  pickLanguage,
  serviceForm,
  serviceSummary,
  type ServiceFormView,
  type ServiceSummaryView,
} from './service-view';

/** The web channel: the JSON API the citizen portal uses. */
@ApiTags('web')
@Public('the web channel: the public catalogue, which anyone may read')
@Controller('api/v1')
export class WebHttpController {
  constructor(
    private readonly catalogue: CatalogueStore,
    private readonly submitRequest: SubmitRequestUseCase,
    private readonly tokens: TokenVerifier,
  ) {}

  /**
   * The citizen who signed the request, and their city (their token's), or null for an anonymous
   * one: the token as the guard verified it (401 not valid, 403 another city's or not a citizen's).
   */
  private async citizenOf(
    req: RequestWithActor,
    reply: FastifyReply,
  ): Promise<(SignedInCitizen & { city: string }) | null> {
    const token = bearerOf(req);
    if (!token) return null;
    try {
      // Verified once, by the guard; verified here only where no guard ran.
      const seen = req.bearer ?? { actor: await this.tokens.verify(token) };
      if ('refused' in seen) throw seen.refused;
      const actor = seen.actor;
      if (!hasRole(actor, 'citizen'))
        throw new ApiError(
          403,
          'Only a citizen signs a request on the web; staff take requests on the phone or at the counter.',
          [{ field: 'Authorization', reason: 'not a citizen' }],
        );
      return {
        email: actor.email,
        firstName: actor.givenName,
        lastName: actor.familyName,
        city: actor.tenant,
      };
    } catch (e) {
      if (e instanceof ApiError && e.getStatus() === 401)
        reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw e;
    }
  }

  @Get('services')
  @ApiOperation({
    summary: 'List the services a citizen can ask for, in their language',
    description:
      'Each says in `identity` what the city must know of the person: `anonymous` (nothing), `contact` (an email or a phone number) or `signed-in` (on the web, signed in through the identity provider as a citizen; on the other channels as `contact`).',
  })
  @ApiQuery({ name: 'lang', required: false, example: 'nl' })
  @ApiQuery({
    name: 'channel',
    required: false,
    enum: CHANNELS,
    description: 'Only services offered on this channel',
  })
  listServices(
    @City() city: string,
    @Query('lang') lang?: string,
    @Query('channel') channel?: string,
  ): ServiceSummaryView[] {
    if (channel !== undefined && !(CHANNELS as readonly string[]).includes(channel)) {
      throw invalid([{ field: 'channel', reason: `must be one of ${CHANNELS.join(', ')}` }]);
    }
    const l = pickLanguage(lang);
    return this.catalogue
      .list(city)
      .filter((s) => !channel || s.channels.includes(channel as Channel))
      .map((s) => serviceSummary(s, l));
  }

  @Get('services/:code')
  @ApiOperation({
    summary: "A service's form: its attributes, allowed values and rules",
    description:
      '`identity` says what the city must know of the person: `anonymous`, `contact` (an email or a phone number) or `signed-in` (on the web, a citizen signed in through the identity provider).',
  })
  @ApiQuery({ name: 'lang', required: false, example: 'sv' })
  getService(
    @City() city: string,
    @Param('code') code: string,
    @Query('lang') lang?: string,
  ): ServiceFormView {
    const s = this.catalogue.get(code, city);
    if (!s || !s.active)
      throw new ApiError(404, `No service with code "${code}".`, [
        { field: 'code', reason: 'unknown service' },
      ]);
    return serviceForm(s, pickLanguage(lang));
  }

  @Post('requests')
  @Public(
    "the portal's requests: anonymous where the catalogue allows; a citizen token, when sent, is checked by the route, and a signed-in service needs one",
  )
  @RateLimit('submission', webContact)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Submit a request from the portal; 202 once Kafka has it',
    description: [
      'Anonymous where the service allows. A service whose `identity` is `contact` or `signed-in` needs `contact.email` or `contact.phone` (else 400 at `contact`).',
      'A `signed-in` service needs the bearer token of a citizen signed in through the city’s identity provider (else 401 at `Authorization`).',
      'With a citizen token (optional for other services), the request’s contact email and name are the token’s verified ones, whatever the body says, so the case lands on the citizen’s record.',
    ].join(' '),
  })
  @ApiSecurity({})
  @ApiBearerAuth()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Client-made key; a retry with the same key returns the same reference and makes no second request',
  })
  @ApiBody({ schema: openApiSchema(submitRequestBodySchema) })
  @ApiResponse({ status: 202, description: 'Accepted: the reference to give the citizen' })
  @ApiResponse({ status: 400, description: 'Not valid: each field at fault with the reason' })
  @ApiResponse({
    status: 401,
    description:
      'A `signed-in` service without a citizen token (`Authorization`: sign in to request this service), or a token that is not valid',
  })
  @ApiResponse({
    status: 403,
    description:
      'The token is not a citizen’s, is another city’s, or (for a `signed-in` service) has no verified email',
  })
  @ApiResponse({ status: 503, description: 'Kafka unavailable; nothing was accepted (Retry-After)' })
  async submit(
    @Body() body: unknown,
    @Headers('idempotency-key') headerKey: string | undefined,
    @Headers('user-agent') userAgent: string | undefined,
    @CorrelationId() correlationId: string,
    @Req() req: RequestWithActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AcceptedResponse> {
    const input = parseBody(submitRequestBodySchema, body);
    const clientKey = headerKey ?? input.idempotencyKey;
    if (headerKey !== undefined) {
      const k = idempotencyKeySchema.safeParse(headerKey);
      if (!k.success) throw invalid(fieldErrors(k.error, 'Idempotency-Key'));
      if (input.idempotencyKey && input.idempotencyKey !== headerKey) {
        throw invalid([{ field: 'idempotencyKey', reason: 'differs from the Idempotency-Key header' }]);
      }
    }
    const citizen = await this.citizenOf(req, reply);
    const outcome = await this.submitRequest.submit(input, {
      // A signed-in citizen's own city (their token's); else the portal's (X-City), or the one served.
      city: citizen?.city ?? cityOf(req),
      channel: 'web',
      channelDetails: { kind: 'portal', userAgent: userAgent?.slice(0, 512) ?? null },
      idempotencyKey: clientKey ? `web:${clientKey}` : null,
      correlationId,
      citizen,
    });
    if (!outcome.ok && outcome.status === 401) reply.header('WWW-Authenticate', 'Bearer');
    return acceptedOrThrow(outcome);
  }
}
