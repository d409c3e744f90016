import { Public } from '@city/platform-auth';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
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
import { SubmitRequestUseCase } from '../submission/submit-request.usecase';
import {
  pickLanguage,
  serviceForm,
  serviceSummary,
  type ServiceFormView,
  type ServiceSummaryView,
} from './service-view';

/** The web channel: the JSON API the citizen portal uses. */
@ApiTags('web')
@Public('the web channel: the public catalogue and anonymous requests (a citizen need not sign in)')
@Controller('api/v1')
export class WebHttpController {
  constructor(
    private readonly catalogue: CatalogueStore,
    private readonly submitRequest: SubmitRequestUseCase,
  ) {}

  @Get('services')
  @ApiOperation({ summary: 'List the services a citizen can ask for, in their language' })
  @ApiQuery({ name: 'lang', required: false, example: 'nl' })
  @ApiQuery({
    name: 'channel',
    required: false,
    enum: CHANNELS,
    description: 'Only services offered on this channel',
  })
  listServices(@Query('lang') lang?: string, @Query('channel') channel?: string): ServiceSummaryView[] {
    if (channel !== undefined && !(CHANNELS as readonly string[]).includes(channel)) {
      throw invalid([{ field: 'channel', reason: `must be one of ${CHANNELS.join(', ')}` }]);
    }
    const l = pickLanguage(lang);
    return this.catalogue
      .list()
      .filter((s) => !channel || s.channels.includes(channel as Channel))
      .map((s) => serviceSummary(s, l));
  }

  @Get('services/:code')
  @ApiOperation({ summary: "A service's form: its attributes, allowed values and rules" })
  @ApiQuery({ name: 'lang', required: false, example: 'sv' })
  getService(@Param('code') code: string, @Query('lang') lang?: string): ServiceFormView {
    const s = this.catalogue.get(code);
    if (!s || !s.active)
      throw new ApiError(404, `No service with code "${code}".`, [
        { field: 'code', reason: 'unknown service' },
      ]);
    return serviceForm(s, pickLanguage(lang));
  }

  @Post('requests')
  @RateLimit('submission', webContact)
  @HttpCode(202)
  @ApiOperation({ summary: 'Submit a request from the portal; 202 once Kafka has it' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Client-made key; a retry with the same key returns the same reference and makes no second request',
  })
  @ApiBody({ schema: openApiSchema(submitRequestBodySchema) })
  @ApiResponse({ status: 202, description: 'Accepted: the reference to give the citizen' })
  @ApiResponse({ status: 400, description: 'Not valid: each field at fault with the reason' })
  @ApiResponse({ status: 503, description: 'Kafka unavailable; nothing was accepted (Retry-After)' })
  async submit(
    @Body() body: unknown,
    @Headers('idempotency-key') headerKey: string | undefined,
    @Headers('user-agent') userAgent: string | undefined,
    @CorrelationId() correlationId: string,
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
    return acceptedOrThrow(
      await this.submitRequest.submit(input, {
        channel: 'web',
        channelDetails: { kind: 'portal', userAgent: userAgent?.slice(0, 512) ?? null },
        idempotencyKey: clientKey ? `web:${clientKey}` : null,
        correlationId,
      }),
    );
  }
}
