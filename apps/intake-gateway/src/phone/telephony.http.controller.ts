import { City, Public } from '@city/platform-auth';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Controller, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { createEnvelope, screenPopRequestedV1, telephonyEventSchema, TOPICS } from '@city/contracts';
import { normalizePhone } from '@city/domain-intake';
import { APP_CONFIG, CityProfiles } from '@city/platform-config';
import { EventPublisher, TopicNames } from '@city/platform-kafka';
import type { GatewayConfig } from '../config';
import { ApiError, parseBody, openApiSchema } from '@city/platform-http';
import { CorrelationId } from '../http/correlation-id.decorator';
import { IdempotencyStore } from '../submission/idempotency.store';

export const SIGNATURE_HEADER = 'x-telephony-signature';
export const TIMESTAMP_HEADER = 'x-telephony-timestamp';

/**
 * `sha256=<hex HMAC-SHA256 of "${timestamp}.${raw body}">`, as the telephony platform signs its
 * webhooks (the timestamp in Unix seconds, sent in x-telephony-timestamp), so that an old event
 * cannot be sent again with a fresh timestamp.
 */
export const signTelephonyBody = (
  secret: string,
  timestamp: string | number,
  body: Buffer | string,
): string => `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;

const refused = (field: string, reason: string) =>
  new ApiError(401, 'The webhook is refused.', [{ field, reason }]);

/**
 * The telephony platform's webhook: call started and call ended. Each becomes a screen-pop event
 * for the agent's desktop (open the caller's record; close it). An event is taken only when it is
 * signed (with its city's own secret where the city has one, else the deployment's), its timestamp is
 * within TELEPHONY_WEBHOOK_TOLERANCE_SECONDS of now, and it was not received before (signatures seen
 * are remembered in Redis until their timestamp is out of the window).
 */
@ApiTags('phone')
@Public("the telephony platform's webhook: its HMAC signature is checked by the route")
@Controller('api/v1/phone/telephony')
export class TelephonyHttpController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    private readonly publisher: EventPublisher,
    private readonly names: TopicNames,
    private readonly seen: IdempotencyStore,
    private readonly profiles: CityProfiles,
  ) {}

  @Post('events')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Call events from the telephony platform, signed with HMAC-SHA256 over the timestamp and the body',
  })
  @ApiHeader({
    name: TIMESTAMP_HEADER,
    required: true,
    description:
      'When the event was signed, in Unix seconds; refused outside the tolerance window (default 5 minutes)',
  })
  @ApiHeader({
    name: SIGNATURE_HEADER,
    required: true,
    description:
      'sha256=<hex HMAC of "${timestamp}.${raw body}" with the city\'s secret (TELEPHONY_WEBHOOK_SECRETS), else the shared one>',
  })
  @ApiBody({ schema: openApiSchema(telephonyEventSchema) })
  async receive(
    @Req() req: RawBodyRequest<FastifyRequest>,
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @Headers(TIMESTAMP_HEADER) timestamp: string | undefined,
    @CorrelationId() correlationId: string,
    @City() city: string,
  ): Promise<{ status: 'accepted'; screenPop: 'open' | 'close' }> {
    if (!timestamp) throw refused(TIMESTAMP_HEADER, 'missing');
    if (!/^\d{1,12}$/.test(timestamp)) throw refused(TIMESTAMP_HEADER, 'not a Unix time in seconds');
    // The city's own secret where it has one: its events are then taken from its platform alone,
    // whatever city another platform names in X-City.
    const secret = this.config.TELEPHONY_WEBHOOK_SECRETS[city] ?? this.config.TELEPHONY_WEBHOOK_SECRET;
    const expected = Buffer.from(signTelephonyBody(secret, timestamp, req.rawBody ?? Buffer.alloc(0)));
    const given = Buffer.from(signature ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw refused(SIGNATURE_HEADER, signature ? 'wrong signature' : 'missing');
    const window = this.config.TELEPHONY_WEBHOOK_TOLERANCE_SECONDS;
    const age = Math.floor(Date.now() / 1000) - Number(timestamp);
    if (age > window) throw refused(TIMESTAMP_HEADER, `outside the ${window} s window: the event is too old`);
    if (age < -window)
      throw refused(TIMESTAMP_HEADER, `outside the ${window} s window: the event is from the future`);
    const e = parseBody(telephonyEventSchema, req.body);
    const at = e.at ?? new Date().toISOString();
    const payload =
      e.event === 'call.started'
        ? {
            agentId: e.agentId,
            callId: e.callId,
            action: 'open' as const,
            callerNumber:
              normalizePhone(e.callerNumber, this.profiles.of(city).country ?? this.config.DEFAULT_COUNTRY) ??
              e.callerNumber,
            queue: e.queue ?? null,
            durationSeconds: null,
            at,
          }
        : {
            agentId: e.agentId,
            callId: e.callId,
            action: 'close' as const,
            callerNumber: null,
            queue: null,
            durationSeconds: e.durationSeconds ?? null,
            at,
          };
    const event = createEnvelope(screenPopRequestedV1, {
      tenantId: city,
      correlationId,
      payload,
    });
    // Remembered until the timestamp leaves the window, after which the window check refuses it anyway.
    // The signature alone, not the city: a city sharing the deployment's secret does not sign X-City,
    // so an event is taken once in all.
    const sighting = expected.toString();
    const first = await this.seen.firstSighting('telephony', sighting, window - age + 1);
    if (first === 'seen') throw refused(SIGNATURE_HEADER, 'this event was already received (a replay)');
    if (first === 'unavailable')
      throw new ApiError(503, 'Cannot check the call event for replays right now; retry.', undefined, 2);
    try {
      await this.publisher.publish(this.names.of(TOPICS.agentScreenPops), e.agentId, event);
    } catch {
      await this.seen.forgetSighting('telephony', sighting); // the platform's retry of this event is not a replay
      throw new ApiError(503, 'Could not pass the call event on; retry.', undefined, 2);
    }
    return { status: 'accepted', screenPop: payload.action };
  }
}
