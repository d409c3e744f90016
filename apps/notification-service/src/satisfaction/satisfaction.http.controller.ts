import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  satisfactionLinkAnswerBodySchema,
  satisfactionOfRequestSchema,
  type SatisfactionOfRequest,
  type SatisfactionScore,
} from '@city/contracts';
import { Public } from '@city/platform-auth';
import { openApiSchema, parseBody, RateLimit } from '@city/platform-http';
import { AnswerByLinkUseCase } from './answer-by-link/answer-by-link.usecase';
import { ReadByLinkUseCase } from './read-by-link/read-by-link.usecase';

const ApiToken = () =>
  ApiParam({
    name: 'token',
    description:
      "The signed token of the satisfaction question's link in the email (`<reference>.<signature>`)",
  });
const THE_QUESTION = {
  description: '`{ reference, open, openUntil, answer: { score, via, at } | null }`',
  schema: openApiSchema(satisfactionOfRequestSchema),
};
const NOT_VALID = {
  status: 404,
  description:
    'Not a link the city sent (forged, changed, or for a request it does not have): "This link is not valid."',
};
const TOO_MANY = { status: 429, description: 'Too many tries (Retry-After)' };

/**
 * The satisfaction question's emailed link, as the portal's page for it (`/survey/<token>`) uses it:
 * opening it reads the question and records nothing (a mail scanner follows links); the citizen's
 * score is a POST. The signed token in the link is the credential; the case record keeps the answer.
 */
@ApiTags('satisfaction')
@Controller('api/v1/satisfaction')
@Public("the satisfaction question's link in an email: the signed token in the link is the credential")
export class SatisfactionHttpController {
  constructor(
    private readonly readByLink: ReadByLinkUseCase,
    private readonly answerByLink: AnswerByLinkUseCase,
  ) {}

  @Get(':token')
  @RateLimit('satisfaction-link')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "Open the satisfaction question's link",
    description:
      'Which request it asks about, whether it takes answers (for 30 days after the first resolution), until ' +
      'when, and the answer given. Records nothing. Rate limited per client.',
  })
  @ApiToken()
  @ApiOkResponse(THE_QUESTION)
  @ApiResponse(NOT_VALID)
  @ApiResponse({
    status: 409,
    description: 'The request is not asked about (e.g. joined to another): the reason in a sentence',
  })
  @ApiResponse(TOO_MANY)
  question(@Param('token') token: string): Promise<SatisfactionOfRequest> {
    return this.readByLink.execute(token);
  }

  @Post(':token')
  @RateLimit('satisfaction-link')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Answer the satisfaction question by its link',
    description:
      'A score from 1 (very dissatisfied) to 5 (very satisfied), recorded on the request as answered by email. ' +
      'While the question is open a new answer replaces the one given. Rate limited per client.',
  })
  @ApiToken()
  @ApiBody({ schema: openApiSchema(satisfactionLinkAnswerBodySchema) })
  @ApiOkResponse(THE_QUESTION)
  @ApiResponse({ status: 400, description: 'A score other than a whole number from 1 to 5 (field `score`)' })
  @ApiResponse(NOT_VALID)
  @ApiResponse({
    status: 409,
    description: 'The answer window is over, or the request is not asked about: the reason in a sentence',
  })
  @ApiResponse(TOO_MANY)
  answer(@Param('token') token: string, @Body() body: unknown): Promise<SatisfactionOfRequest> {
    const { score } = parseBody(satisfactionLinkAnswerBodySchema, body);
    return this.answerByLink.execute(token, score as SatisfactionScore);
  }
}
