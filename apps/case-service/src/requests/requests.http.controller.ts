import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { normalizeReference } from '@city/domain-intake';
import { RateLimit, type RateLimitTarget } from '@city/platform-http';
import { Allow, CurrentActor, Public, type Actor } from '@city/platform-auth';
import { Audited } from '@city/platform-audit';
import { spokenStatus } from '../record/case-views';
import { FollowRequestUseCase } from './follow-request/follow-request.usecase';
import { OwnCasesUseCase } from './own-cases/own-cases.usecase';
import { RequestStatusUseCase } from './request-status/request-status.usecase';

/** A citizen's look-ups are counted per reference, however it is written, so its second factor cannot be guessed without end. */
const referenceInPath: RateLimitTarget = {
  label: 'reference',
  of: (req) => {
    const raw = String((req.params as { reference?: unknown }).reference ?? '');
    return normalizeReference(raw) ?? raw.toUpperCase();
  },
};

/** Citizens following their requests: anonymous with a second factor, signed in, or on the phone (the IVR). */
@Controller('api/v1')
export class RequestsHttpController {
  constructor(
    private readonly followRequest: FollowRequestUseCase,
    private readonly ownCases: OwnCasesUseCase,
    private readonly requestStatus: RequestStatusUseCase,
  ) {}

  /** A citizen follows a request by its reference plus the email or phone they gave (portal, kiosk). */
  @Get('requests/:reference')
  @RateLimit('second-factor', referenceInPath)
  @Public(
    'anonymous citizens follow a request by its reference plus the email or phone they gave (the second factor)',
  )
  async citizenLookup(
    @Param('reference') raw: string,
    @Query('email') email?: string,
    @Query('phone') phone?: string,
  ) {
    const c = await this.followRequest.execute(raw, { email, phone });
    return {
      reference: c.reference,
      citizenId: c.partyId,
      service: c.serviceCode,
      status: c.status,
      receivedAt: c.receivedAt.toISOString(),
      summary: spokenStatus(c),
    };
  }

  /**
   * The same second-factor check for the notification-service's portal inbox, which limits the
   * citizen's look-ups itself (per client and per reference) and asks here with its own token.
   */
  @Get('requests/:reference/citizen')
  @Allow('service:notification-service')
  async citizenBehind(
    @Param('reference') raw: string,
    @Query('email') email?: string,
    @Query('phone') phone?: string,
  ) {
    return { citizenId: (await this.followRequest.execute(raw, { email, phone })).partyId };
  }

  /** A signed-in citizen's own requests (by their verified email), and those they follow. */
  @Get('me/cases')
  @Allow('citizen')
  @Audited(
    'citizen.own-cases',
    () => 'own cases',
    (r) => (r as { cases: Array<{ reference: string }> }).cases.map((c) => c.reference),
  )
  async myCases(@CurrentActor() actor: Actor) {
    const rows = await this.ownCases.execute(actor.email);
    return {
      count: rows.length,
      cases: rows.map((c) => ({
        reference: c.reference,
        service: c.serviceCode,
        status: c.status,
        receivedAt: c.receivedAt.toISOString(),
        summary: spokenStatus(c),
      })),
    };
  }

  /** The IVR: a short answer a voice system reads out. */
  @Get('ivr/requests/:reference/status')
  @Allow('service:intake-gateway')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  async ivrStatus(@Param('reference') raw: string): Promise<string> {
    return spokenStatus(await this.requestStatus.execute(raw));
  }
}
