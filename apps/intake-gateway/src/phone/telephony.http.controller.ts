import { createHmac, timingSafeEqual } from 'node:crypto';
import { Controller, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { createEnvelope, screenPopRequestedV1, telephonyEventSchema, TOPICS } from '@city/contracts';
import { normalizePhone } from '@city/domain-intake';
import { APP_CONFIG } from '@city/platform-config';
import { EventPublisher, TopicNames } from '@city/platform-kafka';
import type { GatewayConfig } from '../config';
import { ApiError, parseBody } from '@city/platform-http';
import { CorrelationId } from '../http/correlation-id.decorator';
import { openApiSchema } from '../http/openapi';

export const SIGNATURE_HEADER = 'x-telephony-signature';

/** `sha256=<hex HMAC-SHA256 of the raw body>`, as the telephony platform signs its webhooks. */
export const signTelephonyBody = (secret: string, body: Buffer | string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/**
 * The telephony platform's webhook: call started and call ended. Each becomes a screen-pop event
 * for the agent's desktop (open the caller's record; close it).
 */
@ApiTags('phone')
@Controller('api/v1/phone/telephony')
export class TelephonyHttpController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    private readonly publisher: EventPublisher,
    private readonly names: TopicNames,
  ) {}

  @Post('events')
  @HttpCode(202)
  @ApiOperation({ summary: 'Call events from the telephony platform, signed with HMAC-SHA256' })
  @ApiHeader({ name: SIGNATURE_HEADER, required: true, description: 'sha256=<hex HMAC of the raw body with the shared secret>' })
  @ApiBody({ schema: openApiSchema(telephonyEventSchema) })
  async receive(
    @Req() req: RawBodyRequest<FastifyRequest>,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @CorrelationId() correlationId: string,
  ): Promise<{ status: 'accepted'; screenPop: 'open' | 'close' }> {
    const expected = Buffer.from(signTelephonyBody(this.config.TELEPHONY_WEBHOOK_SECRET, req.rawBody ?? Buffer.alloc(0)));
    const given = Buffer.from(signature ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiError(401, 'The webhook signature does not match.', [{ field: SIGNATURE_HEADER, reason: signature ? 'wrong signature' : 'missing' }]);
    }
    const e = parseBody(telephonyEventSchema, req.body);
    const at = e.at ?? new Date().toISOString();
    const payload =
      e.event === 'call.started'
        ? { agentId: e.agentId, callId: e.callId, action: 'open' as const, callerNumber: normalizePhone(e.callerNumber, this.config.DEFAULT_COUNTRY) ?? e.callerNumber, queue: e.queue ?? null, durationSeconds: null, at }
        : { agentId: e.agentId, callId: e.callId, action: 'close' as const, callerNumber: null, queue: null, durationSeconds: e.durationSeconds ?? null, at };
    const event = createEnvelope(screenPopRequestedV1, { tenantId: this.config.TENANT_ID, correlationId, payload });
    try {
      await this.publisher.publish(this.names.of(TOPICS.agentScreenPops), e.agentId, event);
    } catch {
      throw new ApiError(503, 'Could not pass the call event on; retry.', undefined, 2);
    }
    return { status: 'accepted', screenPop: payload.action };
  }
}
