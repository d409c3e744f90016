import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { counterSubmitBodySchema, type AcceptedResponse } from '@city/contracts';
import { parseBody, openApiSchema } from '@city/platform-http';
import { Allow, City, CurrentActor, type Actor } from '@city/platform-auth';
import { CorrelationId } from '../http/correlation-id.decorator';
import { acceptedOrThrow } from '../submission/outcome';
import { SubmitRequestUseCase } from '../submission/submit-request.usecase';

/** The counter channel: a clerk at a town-hall counter takes the request with the citizen. */
@ApiTags('counter')
@Controller('api/v1/counter')
export class CounterHttpController {
  constructor(private readonly submitRequest: SubmitRequestUseCase) {}

  @Post('requests')
  @Allow('clerk', 'supervisor')
  @HttpCode(202)
  @ApiOperation({ summary: 'A counter clerk submits a request for the citizen in front of them' })
  @ApiBody({ schema: openApiSchema(counterSubmitBodySchema) })
  async submit(
    @Body() body: unknown,
    @CorrelationId() correlationId: string,
    @CurrentActor() actor: Actor,
    @City() city: string,
  ): Promise<AcceptedResponse> {
    const clerkId = actor.name;
    const { office, counter, ticket, idempotencyKey, ...request } = parseBody(counterSubmitBodySchema, body);
    return acceptedOrThrow(
      await this.submitRequest.submit(request, {
        city,
        channel: 'counter',
        channelDetails: { kind: 'counter', clerkId, office, counter, ticket: ticket ?? null },
        idempotencyKey: idempotencyKey ? `counter:${clerkId}:${idempotencyKey}` : null,
        correlationId,
      }),
    );
  }
}
