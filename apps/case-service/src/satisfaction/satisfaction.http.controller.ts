import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  answerSatisfactionBodySchema,
  recordSatisfactionBodySchema,
  satisfactionOfRequestSchema,
  type SatisfactionOfRequest,
} from '@city/contracts';
import { openApiSchema, parseBody, RateLimit } from '@city/platform-http';
import { Allow, CurrentActor, Public, type Actor, City } from '@city/platform-auth';
import { ApiReference, referenceInPath } from '../requests/request-routes.decorators';
import { AnswerSatisfactionUseCase } from './answer-satisfaction/answer-satisfaction.usecase';
import { ReadSatisfactionUseCase } from './read-satisfaction/read-satisfaction.usecase';

const ANSWERED = {
  description: '`{ reference, open, openUntil, answer: { score, via, at } | null }`',
  schema: openApiSchema(satisfactionOfRequestSchema),
};
const CLOSED_OR_NOT_ASKED = {
  status: 409,
  description:
    'Not asked about this request (not resolved yet, withdrawn, passed on, joined to another), or the answer ' +
    'window is over: the message says which in a sentence, e.g. "The question about EA49-HVS1-TVR closed on 3 April 2026".',
};

/**
 * "How satisfied are you with how we handled your request?": the citizen's answer, on the request's
 * page in the portal (its second factor), or passed on by the notification-service from the emailed
 * link or a text reply; and the question's state for the page the link opens.
 */
@ApiTags('satisfaction')
@Controller('api/v1')
export class SatisfactionHttpController {
  constructor(
    private readonly answer: AnswerSatisfactionUseCase,
    private readonly read: ReadSatisfactionUseCase,
  ) {}

  @Put('requests/:reference/satisfaction')
  @Public(
    'anonymous citizens answer the satisfaction question of their request by its reference plus the email or phone they gave (the second factor)',
  )
  @RateLimit('second-factor', referenceInPath)
  @ApiOperation({
    summary: 'Answer the satisfaction question of a request',
    description:
      'By the citizen who made the request (its email or phone; a follower is refused), once it was resolved and ' +
      'for 30 days after its first resolution: a score from 1 (very dissatisfied) to 5 (very satisfied). A new ' +
      'answer within that time replaces the one given. Rate limited per client and per reference.',
  })
  @ApiReference()
  @ApiBody({ schema: openApiSchema(answerSatisfactionBodySchema) })
  @ApiOkResponse(ANSWERED)
  @ApiResponse({ status: 400, description: 'Not a reference, no second factor, or a score other than 1-5' })
  @ApiResponse({ status: 403, description: 'The email or phone of a citizen who follows the request' })
  @ApiResponse({ status: 404, description: 'No request with that reference and that email or phone' })
  @ApiResponse(CLOSED_OR_NOT_ASKED)
  @ApiResponse({ status: 429, description: 'Too many requests (Retry-After)' })
  answerOnPortal(
    @Param('reference') raw: string,
    @Body() body: unknown,
    @City() city: string,
  ): Promise<SatisfactionOfRequest> {
    const { score, email, phone } = parseBody(answerSatisfactionBodySchema, body);
    return this.answer.execute(city, raw, {
      score: score as 1 | 2 | 3 | 4 | 5,
      via: 'portal',
      actor: 'citizen',
      secondFactor: { email, phone },
    });
  }

  @Get('cases/:reference/satisfaction')
  @Allow('service:notification-service')
  @ApiOperation({
    summary: "A request's satisfaction question",
    description:
      'For the page the emailed link opens (the notification-service checked the link): whether it takes answers, ' +
      'until when, and the answer given.',
  })
  @ApiReference()
  @ApiOkResponse(ANSWERED)
  @ApiResponse({ status: 404, description: 'No such request' })
  @ApiResponse(CLOSED_OR_NOT_ASKED)
  question(@Param('reference') raw: string, @City() city: string): Promise<SatisfactionOfRequest> {
    return this.read.execute(city, raw);
  }

  @Put('cases/:reference/satisfaction')
  @Allow('service:notification-service')
  @ApiOperation({
    summary: "Record a citizen's satisfaction answered by the emailed link or a text reply",
    description:
      'The notification-service passes on what the citizen answered (`via`: `email` or `sms`); recorded as the ' +
      "citizen's own answer. The same rules as the portal's.",
  })
  @ApiReference()
  @ApiBody({ schema: openApiSchema(recordSatisfactionBodySchema) })
  @ApiOkResponse(ANSWERED)
  @ApiResponse({ status: 400, description: 'Not a reference, or a score other than 1-5' })
  @ApiResponse({ status: 404, description: 'No such request' })
  @ApiResponse(CLOSED_OR_NOT_ASKED)
  answerPassedOn(
    @Param('reference') raw: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @City() city: string,
  ): Promise<SatisfactionOfRequest> {
    const { score, via } = parseBody(recordSatisfactionBodySchema, body);
    return this.answer.execute(city, raw, {
      score: score as 1 | 2 | 3 | 4 | 5,
      via,
      actor: `citizen:self-service via ${actor.name}`,
    });
  }
}
