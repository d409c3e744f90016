import { Controller, Get, Header, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { APP_CONFIG } from '@city/platform-config';
import { ApiError, RateLimit } from '@city/platform-http';
import { Public } from '@city/platform-auth';
import type { NotificationConfig } from '../config';
import { CaseRecipientsClient } from '../delivery/case-recipients.client';
import { OptOutLinks } from './opt-out-link';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body style="font-family:sans-serif;max-width:36em;margin:3em auto"><h1>${title}</h1>${body}</body></html>`;

/**
 * The opt-out link in every email. Opening it asks to confirm (a mail scanner that follows links
 * opts no one out); confirming, or a mail client's one-click POST (RFC 8058), records the opt-out on
 * the citizen's record, after which nothing more is sent to them.
 */
@Controller('api/v1/opt-out')
@Public('the opt-out link in every email: the signed token in the link is the credential')
export class OptOutHttpController {
  private readonly links: OptOutLinks;

  constructor(
    private readonly caseRecord: CaseRecipientsClient,
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
  ) {
    this.links = new OptOutLinks(config.OPT_OUT_SECRET, config.PUBLIC_URL);
  }

  private citizen(token: string): string {
    const id = this.links.citizenOf(this.config.TENANT_ID, token);
    if (!id) throw new ApiError(404, 'this opt-out link is not valid');
    return id;
  }

  @Get(':token')
  @RateLimit('opt-out')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  confirm(@Param('token') token: string): string {
    this.citizen(token);
    return page(
      'Stop updates from the city?',
      `<p>You will no longer get emails or text messages about your requests. You can still follow them with your reference on any channel, and ask us to send updates again.</p><form method="post"><button type="submit">Stop updates</button></form>`,
    );
  }

  @Post(':token')
  @RateLimit('opt-out')
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async optOut(@Param('token') token: string): Promise<string> {
    const citizenId = this.citizen(token);
    if (!(await this.caseRecord.setConsent({ citizenId }, false, 'email', 'opt-out link in an email')))
      throw new ApiError(404, 'this opt-out link is not valid');
    return page(
      'You will get no more updates',
      '<p>We have recorded that you do not want updates. To get them again, tell us on any channel.</p>',
    );
  }
}
