import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { phoneSubmitBodySchema, type AcceptedResponse } from '@city/contracts';
import { normalizePhone } from '@city/domain-intake';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, CityProfiles } from '@city/platform-config';
import type { GatewayConfig } from '../config';
import { parseBody, openApiSchema } from '@city/platform-http';
import { Allow, City, CurrentActor, type Actor } from '@city/platform-auth';
import { CorrelationId } from '../http/correlation-id.decorator';
import { acceptedOrThrow } from '../submission/outcome';
import { SubmitRequestUseCase } from '../submission/submit-request.usecase';

/** The phone channel, agent-assisted: a contact-centre agent takes the request during a call. */
@ApiTags('phone')
@Controller('api/v1/phone')
export class PhoneHttpController {
  constructor(
    private readonly submitRequest: SubmitRequestUseCase,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    private readonly profiles: CityProfiles,
  ) {}

  @Post('requests')
  @Allow('agent', 'supervisor')
  @HttpCode(202)
  @ApiOperation({ summary: 'An agent submits a request for a caller' })
  @ApiBody({ schema: openApiSchema(phoneSubmitBodySchema) })
  async submit(
    @Body() body: unknown,
    @CorrelationId() correlationId: string,
    @CurrentActor() actor: Actor,
    @City() city: string,
  ): Promise<AcceptedResponse> {
    const agentId = actor.name;
    const { callId, callerNumber, idempotencyKey, ...request } = parseBody(phoneSubmitBodySchema, body);
    return acceptedOrThrow(
      await this.submitRequest.submit(request, {
        city,
        channel: 'phone',
        channelDetails: {
          kind: 'agent-assisted',
          agentId,
          callId,
          callerNumber: callerNumber
            ? (normalizePhone(callerNumber, this.profiles.of(city).country ?? this.config.DEFAULT_COUNTRY) ??
              callerNumber)
            : null,
        },
        // The agent desktop may send a key to make its own retries safe; without one, the gateway makes one.
        idempotencyKey: idempotencyKey ? `phone:${agentId}:${idempotencyKey}` : null,
        correlationId,
      }),
    );
  }
}
