import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { followedRequestSchema, ownCasesSchema, type FollowedRequest, type OwnCases } from '@city/contracts';
import { openApiSchema, RateLimit } from '@city/platform-http';
import { Allow, CurrentActor, Public, type Actor, City } from '@city/platform-auth';
import { Audited } from '@city/platform-audit';
import { spokenStatus } from '../record/case-views';
import { FollowRequestUseCase } from './follow-request/follow-request.usecase';
import { OwnCasesUseCase } from './own-cases/own-cases.usecase';
import { RequestStatusUseCase } from './request-status/request-status.usecase';
import { ApiReference, ApiSecondFactor, referenceInPath } from './request-routes.decorators';

/** Citizens following their requests: anonymous with a second factor, signed in, or on the phone (the IVR). */
@ApiTags('requests')
@Controller('api/v1')
export class RequestsHttpController {
  constructor(
    private readonly followRequest: FollowRequestUseCase,
    private readonly ownCases: OwnCasesUseCase,
    private readonly requestStatus: RequestStatusUseCase,
  ) {}

  /** A citizen follows a request by its reference plus their email or phone: its reporter's, or a follower's (portal, kiosk). */
  @Get('requests/:reference')
  @ApiOperation({
    summary: 'Follow a request',
    description:
      'By its reference plus the email or phone given with it, or those of a citizen who follows it (then as a ' +
      'follower sees it: no "received" line, nor the reporter\'s replies, and only the messages sent to the follower). ' +
      'Rate limited per client and per reference.',
  })
  @ApiReference()
  @ApiSecondFactor()
  @ApiResponse({ status: 400, description: 'Not a reference, or neither email nor phone given' })
  @ApiOkResponse({
    description:
      '`{ reference, citizenId, service, status, receivedAt, summary, expectedBy, firstResponseBy, timeline, duplicateOf }`: ' +
      '`citizenId` the record of the citizen whose contact it was (its reporter or a follower); ' +
      'the due times (null once the request reached an outcome); the timeline oldest first, each `{ at, kind, text }` ' +
      '(received, status changes without their reasons, notes shared with the citizen, joined to an earlier report, ' +
      'messages sent to them, by medium; never internal notes nor who did it); and, for a report joined to an earlier ' +
      "one, that one's `{ reference, status, expectedBy }`.",
    schema: openApiSchema(followedRequestSchema),
  })
  @ApiResponse({ status: 404, description: 'No request with that reference and that email or phone' })
  @ApiResponse({ status: 429, description: 'Too many look-ups (Retry-After)' })
  @RateLimit('second-factor', referenceInPath)
  @Public(
    'anonymous citizens follow a request by its reference plus the email or phone they gave (the second factor)',
  )
  async citizenLookup(
    @Param('reference') raw: string,
    @City() city: string,
    @Query('email') email?: string,
    @Query('phone') phone?: string,
  ): Promise<FollowedRequest> {
    const { case: c, view, viewer } = await this.followRequest.followed(city, raw, { email, phone });
    return {
      reference: c.reference,
      citizenId: viewer.partyId,
      service: c.serviceCode,
      status: c.status,
      receivedAt: c.receivedAt.toISOString(),
      summary: spokenStatus(c, view.duplicateOf),
      ...view,
    };
  }

  /**
   * The same second-factor check for the notification-service's portal inbox, which limits the
   * citizen's look-ups itself (per client and per reference) and asks here with its own token: the
   * citizen whose contact it is, the reporter or a follower, whose messages about it the inbox shows.
   */
  @Get('requests/:reference/citizen')
  @Allow('service:notification-service')
  @ApiOperation({
    summary: 'The citizen behind a request, by the second factor',
    description:
      "For the notification-service's portal inbox, which limits the citizen's look-ups itself. The reporter's " +
      "record, or a follower's when it is the contact of a citizen who follows the request.",
  })
  @ApiReference()
  @ApiSecondFactor()
  @ApiResponse({ status: 400, description: 'Not a reference, or neither email nor phone given' })
  @ApiOkResponse({ description: '`{ citizenId }`' })
  @ApiResponse({ status: 404, description: 'No request with that reference and that email or phone' })
  async citizenBehind(
    @Param('reference') raw: string,
    @City() city: string,
    @Query('email') email?: string,
    @Query('phone') phone?: string,
  ) {
    return { citizenId: (await this.followRequest.execute(city, raw, { email, phone })).viewer.partyId };
  }

  /** A signed-in citizen's own requests (by their verified email), and those they follow. */
  @Get('me/cases')
  @Allow('citizen')
  @ApiOperation({
    summary: "A signed-in citizen's own requests",
    description: 'Those made with their verified email, and those they follow.',
  })
  @ApiOkResponse({
    description:
      '`{ count, cases }`, newest first, each `{ reference, service, status, receivedAt, summary, expectedBy, ' +
      'firstResponseBy, timeline, duplicateOf }` as `GET requests/:reference` has them; a request followed (not made) ' +
      'by the citizen has no "received" line.',
    schema: openApiSchema(ownCasesSchema),
  })
  @Audited(
    'citizen.own-cases',
    () => 'own cases',
    (r) => (r as { cases: Array<{ reference: string }> }).cases.map((c) => c.reference),
  )
  async myCases(@CurrentActor() actor: Actor, @City() city: string): Promise<OwnCases> {
    const rows = await this.ownCases.execute(city, actor.email);
    return {
      count: rows.length,
      cases: rows.map(({ case: c, view }) => ({
        reference: c.reference,
        service: c.serviceCode,
        status: c.status,
        receivedAt: c.receivedAt.toISOString(),
        summary: spokenStatus(c, view.duplicateOf),
        ...view,
      })),
    };
  }

  /** The IVR: a short answer a voice system reads out. */
  @Get('ivr/requests/:reference/status')
  @Allow('service:intake-gateway')
  @ApiOperation({
    summary: "A request's status as a voice system reads it out",
    description:
      "For the IVR. A report joined to an earlier one says so, with that report's reference, status and expected date.",
  })
  @ApiReference()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'A short sentence', schema: { type: 'string' } })
  @ApiResponse({ status: 404, description: 'No such request' })
  @Header('Content-Type', 'text/plain; charset=utf-8')
  async ivrStatus(@Param('reference') raw: string, @City() city: string): Promise<string> {
    const { case: c, joined } = await this.requestStatus.execute(city, raw);
    return spokenStatus(c, joined);
  }
}
