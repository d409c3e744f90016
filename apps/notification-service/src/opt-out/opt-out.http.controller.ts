import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiError, RateLimit } from '@city/platform-http';
import { Public } from '@city/platform-auth';
import { OptOutByLinkUseCase } from './opt-out-by-link/opt-out-by-link.usecase';
import { OptOutLinks } from './opt-out-link';

const ApiToken = () =>
  ApiParam({ name: 'token', description: 'The signed token of the opt-out link in the email' });

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body style="font-family:sans-serif;max-width:36em;margin:3em auto"><h1>${title}</h1>${body}</body></html>`;

/**
 * The opt-out link in every email. Opening it asks to confirm (a mail scanner that follows links
 * opts no one out); confirming, or a mail client's one-click POST (RFC 8058), records the opt-out on
 * the citizen's record, after which nothing more is sent to them.
 */
@ApiTags('opt-out')
@Controller('api/v1/opt-out')
@Public('the opt-out link in every email: the signed token in the link is the credential')
export class OptOutHttpController {
  constructor(
    private readonly links: OptOutLinks,
    private readonly optOutByLink: OptOutByLinkUseCase,
  ) {}

  @Get(':token')
  @ApiOperation({
    summary: 'The opt-out link: asks to confirm',
    description:
      'An HTML page with a button; nothing is recorded until the citizen confirms (a mail scanner opts no one out).',
  })
  @ApiToken()
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page asking to confirm', schema: { type: 'string' } })
  @ApiResponse({ status: 404, description: 'Not a valid opt-out link' })
  @ApiResponse({ status: 429, description: 'Too many tries (Retry-After)' })
  @RateLimit('opt-out')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  confirm(@Param('token') token: string): string {
    // Only a genuine link asks to confirm; nothing is recorded until the citizen does.
    if (!this.links.open(token)) throw new ApiError(404, 'this opt-out link is not valid');
    return page(
      'Stop updates from the city?',
      `<p>You will no longer get emails or text messages about your requests. You can still follow them with your reference on any channel, and ask us to send updates again.</p><form method="post"><button type="submit">Stop updates</button></form>`,
    );
  }

  @Post(':token')
  @ApiOperation({
    summary: 'Opt out',
    description:
      "The confirmation, or a mail client's one-click unsubscribe (RFC 8058): the citizen's record says no updates from now on. Any body is ignored.",
  })
  @ApiToken()
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A page saying it is done', schema: { type: 'string' } })
  @ApiResponse({ status: 404, description: 'Not a valid opt-out link' })
  @ApiResponse({ status: 429, description: 'Too many tries (Retry-After)' })
  @RateLimit('opt-out')
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async optOut(@Param('token') token: string): Promise<string> {
    await this.optOutByLink.execute(token);
    return page(
      'You will get no more updates',
      '<p>We have recorded that you do not want updates. To get them again, tell us on any channel.</p>',
    );
  }
}
