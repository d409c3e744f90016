import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { decodeJwt } from 'jose';
import {
  changeMyPreferencesBodySchema,
  changeRequestPreferencesBodySchema,
  citizenPreferencesSchema,
  followingSchema,
  followRequestBodySchema,
  nearbyRequestsQuerySchema,
  nearbyRequestsSchema,
  reopenedRequestSchema,
  reopenRequestBodySchema,
  type CitizenPreferences,
  type Following,
  type NearbyRequests,
  type ReopenedRequest,
} from '@city/contracts';
import { ApiQueryFrom, openApiSchema, parseBody, RateLimit, type RateLimitTarget } from '@city/platform-http';
import { Allow, bearerOf, CurrentActor, Public, type Actor, City } from '@city/platform-auth';
import type { CaseConfig } from '../config';
import { AddFollowerUseCase } from './add-follower/add-follower.usecase';
import { CitizenPreferencesUseCase } from './citizen-preferences/citizen-preferences.usecase';
import { NearbyRequestsUseCase } from './nearby-requests/nearby-requests.usecase';
import { ReopenRequestUseCase } from './reopen-request/reopen-request.usecase';
import { ApiReference, ApiSecondFactor, referenceInPath } from './request-routes.decorators';

/**
 * A follow is counted per email that will hear about the case, under the submission policy: the same
 * allowance as a request sent with that address (gateway, web and Open311). The count comes before the
 * token is checked (a rate limit runs before the route's guard), so it reads the email the token claims
 * without trusting it: a token that is not valid is then refused (401) and follows nothing.
 */
const followerEmail: RateLimitTarget<CaseConfig> = {
  label: 'contact address',
  of: (req) => {
    const token = bearerOf(req);
    if (!token) return null;
    try {
      const { email } = decodeJwt(token);
      return typeof email === 'string' && email.trim() ? `email:${email.trim().toLowerCase()}` : null;
    } catch {
      return null;
    }
  },
};

const SECOND_FACTOR_WHY =
  'anonymous citizens act on their request by its reference plus the email or phone they gave (the second factor)';

/**
 * What a citizen does about requests beyond looking them up: finds out whether a problem is already
 * reported, follows that report instead of making another (signed in), reopens a request resolved but
 * not fixed (its reporter only), and says how (and whether) they want to hear about their requests.
 */
@ApiTags('requests')
@Controller('api/v1')
export class CitizenActionsHttpController {
  constructor(
    private readonly nearbyRequests: NearbyRequestsUseCase,
    private readonly addFollower: AddFollowerUseCase,
    private readonly reopenRequest: ReopenRequestUseCase,
    private readonly preferences: CitizenPreferencesUseCase,
  ) {}

  /** "Already reported?": open reports of a service near a place, before the citizen reports it again. */
  @Get('requests/nearby')
  @Public('anyone may see whether a problem is already reported: only what Open311 shows of public services')
  @RateLimit('open311-read')
  @ApiOperation({
    summary: 'Open reports of a service near a place ("already reported?")',
    description:
      'Open reports (not resolved, closed, withdrawn or joined to another) of a service the catalogue marks public, ' +
      'within `radius` metres (default 250, at most 1000), nearest first, at most 20. No personal data: no ' +
      'description, address or citizen; the place as Open311 shows it (rounded to about 100 m for a coarse service). ' +
      'Rate limited per client.',
  })
  @ApiQueryFrom(nearbyRequestsQuerySchema)
  @ApiOkResponse({
    description:
      '`{ count, requests }`, each `{ reference, service, status, receivedAt, distanceMetres, location, expectedBy }`',
    schema: openApiSchema(nearbyRequestsSchema),
  })
  @ApiResponse({
    status: 400,
    description: 'lat, long or radius not valid, or no public service with that code shown by place',
  })
  @ApiResponse({ status: 429, description: 'Too many requests (Retry-After)' })
  @ApiResponse({ status: 503, description: 'The service catalogue is still loading (Retry-After)' })
  async nearby(@Query() raw: Record<string, string>, @City() city: string): Promise<NearbyRequests> {
    return this.nearbyRequests.execute(city, parseBody(nearbyRequestsQuerySchema, raw));
  }

  /** A signed-in citizen follows a request instead of reporting the same problem again. */
  @Post('requests/:reference/followers')
  @Allow('citizen')
  @RateLimit('submission', followerEmail)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Follow a request (instead of reporting it again), signed in',
    description:
      'The signed-in citizen hears about the request from now on, on the verified email of their token (never an ' +
      'address given in the body, so nobody can subscribe someone else): the citizen record that owns that email, ' +
      'or a new one with the name of the token and `language`. The request is then among their cases, and ' +
      '`GET requests/:reference` with that email shows it as a follower sees it; only its reporter acts on it. ' +
      'Only requests of public services, while they are going. Following twice changes nothing. Rate limited per ' +
      'client and per email.',
  })
  @ApiReference()
  @ApiBody({ required: false, schema: openApiSchema(followRequestBodySchema) })
  @ApiResponse({
    status: 201,
    description: '`{ reference, following: true }`',
    schema: openApiSchema(followingSchema),
  })
  @ApiResponse({ status: 400, description: 'Not a reference, or a body other than `{ language }`' })
  @ApiResponse({
    status: 403,
    description: "Not a citizen's token, or the account has no verified email (field `email`)",
  })
  @ApiResponse({ status: 404, description: 'No such request (or not one the public may see)' })
  @ApiResponse({
    status: 409,
    description: 'The request is closed, withdrawn or joined to another; the reason says which',
  })
  @ApiResponse({ status: 429, description: 'Too many requests (Retry-After)' })
  async follow(
    @Param('reference') raw: string,
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @City() city: string,
  ): Promise<Following> {
    return this.addFollower.execute(
      city,
      raw,
      { email: actor.email, firstName: actor.givenName, lastName: actor.familyName },
      parseBody(followRequestBodySchema, body ?? {}),
    );
  }

  /** The citizen says a resolved request is not fixed: it goes back to open. */
  @Post('requests/:reference/reopen')
  @Public(SECOND_FACTOR_WHY)
  @RateLimit('second-factor', referenceInPath)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reopen a resolved request',
    description:
      'With the email or phone given with the request and a reason (only its reporter: a follower cannot). ' +
      'Only while it is resolved (it closes by itself ' +
      "after its service's period, which the request's `reopenUntil` gives); the work goes back to its queue. " +
      'Rate limited per client and per reference.',
  })
  @ApiReference()
  @ApiBody({ schema: openApiSchema(reopenRequestBodySchema) })
  @ApiOkResponse({
    description: '`{ reference, status, reopenedAt }`',
    schema: openApiSchema(reopenedRequestSchema),
  })
  @ApiResponse({ status: 400, description: 'Not a reference, no reason, or neither email nor phone given' })
  @ApiResponse({
    status: 403,
    description:
      'The email or phone of a citizen who follows the request, not of the one who made it (field `email` or `phone`)',
  })
  @ApiResponse({ status: 404, description: 'No request with that reference and that email or phone' })
  @ApiResponse({
    status: 409,
    description:
      'Not resolved, or resolved but its period to reopen is over: the reason says why (e.g. "closed on 3 March ' +
      '2026; make a new request", "the time to reopen it ended on 12 January 2027; make a new request")',
  })
  @ApiResponse({ status: 429, description: 'Too many requests (Retry-After)' })
  async reopen(
    @Param('reference') raw: string,
    @Body() body: unknown,
    @City() city: string,
  ): Promise<ReopenedRequest> {
    const c = await this.reopenRequest.execute(city, raw, parseBody(reopenRequestBodySchema, body));
    return { reference: c.reference, status: c.status, reopenedAt: c.updatedAt.toISOString() };
  }

  /** How the citizen behind a request (or following it) hears about it, by the second factor. */
  @Get('requests/:reference/preferences')
  @Public(SECOND_FACTOR_WHY)
  @RateLimit('second-factor', referenceInPath)
  @ApiOperation({
    summary: 'How the citizen behind a request hears from the city',
    description:
      'By its reference plus the email or phone given with it, or those of a citizen who follows it: then that ' +
      "citizen's own preferences. Rate limited per client and per reference.",
  })
  @ApiReference()
  @ApiSecondFactor()
  @ApiOkResponse({
    description: '`{ consent, channel, language }`',
    schema: openApiSchema(citizenPreferencesSchema),
  })
  @ApiResponse({ status: 400, description: 'Not a reference, or neither email nor phone given' })
  @ApiResponse({ status: 404, description: 'No request with that reference and that email or phone' })
  @ApiResponse({ status: 429, description: 'Too many requests (Retry-After)' })
  async requestPreferences(
    @Param('reference') raw: string,
    @City() city: string,
    @Query('email') email?: string,
    @Query('phone') phone?: string,
  ): Promise<CitizenPreferences> {
    return this.preferences.ofRequest(city, raw, { email, phone });
  }

  @Put('requests/:reference/preferences')
  @Public(SECOND_FACTOR_WHY)
  @RateLimit('second-factor', referenceInPath)
  @ApiOperation({
    summary: 'Change how the citizen behind a request hears from the city',
    description:
      'Whether at all (`consent: false` opts out), the channel and the language of updates, by the reference plus ' +
      "the email or phone given with it, or those of a citizen who follows it (then that citizen's own preferences). " +
      'Rate limited per client and per reference.',
  })
  @ApiReference()
  @ApiBody({ schema: openApiSchema(changeRequestPreferencesBodySchema) })
  @ApiOkResponse({
    description: 'The preferences as they are now',
    schema: openApiSchema(citizenPreferencesSchema),
  })
  @ApiResponse({ status: 400, description: 'Not valid: the second factor and at least one preference' })
  @ApiResponse({ status: 404, description: 'No request with that reference and that email or phone' })
  @ApiResponse({ status: 429, description: 'Too many requests (Retry-After)' })
  async changeRequestPreferences(
    @Param('reference') raw: string,
    @Body() body: unknown,
    @City() city: string,
  ): Promise<CitizenPreferences> {
    const { email, phone, ...change } = parseBody(changeRequestPreferencesBodySchema, body);
    return this.preferences.changeForRequest(city, raw, { email, phone }, change);
  }

  /** A signed-in citizen's preferences: those of the record that owns their verified email. */
  @Get('me/preferences')
  @Allow('citizen')
  @ApiOperation({
    summary: "A signed-in citizen's preferences",
    description: 'Those of the citizen record that owns their verified email.',
  })
  @ApiOkResponse({
    description: '`{ consent, channel, language }`',
    schema: openApiSchema(citizenPreferencesSchema),
  })
  @ApiResponse({ status: 403, description: 'The account has no verified email' })
  @ApiResponse({ status: 404, description: 'No request was made with this email yet' })
  async myPreferences(@CurrentActor() actor: Actor, @City() city: string): Promise<CitizenPreferences> {
    return this.preferences.ofSignedIn(city, actor.email);
  }

  @Put('me/preferences')
  @Allow('citizen')
  @ApiOperation({
    summary: "Change a signed-in citizen's preferences",
    description: 'Whether at all (`consent: false` opts out), the channel and the language of updates.',
  })
  @ApiBody({ schema: openApiSchema(changeMyPreferencesBodySchema) })
  @ApiOkResponse({
    description: 'The preferences as they are now',
    schema: openApiSchema(citizenPreferencesSchema),
  })
  @ApiResponse({ status: 400, description: 'Not valid, or no preference given' })
  @ApiResponse({ status: 403, description: 'The account has no verified email' })
  @ApiResponse({ status: 404, description: 'No request was made with this email yet' })
  async changeMyPreferences(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @City() city: string,
  ): Promise<CitizenPreferences> {
    return this.preferences.changeForSignedIn(
      city,
      actor.email,
      parseBody(changeMyPreferencesBodySchema, body),
    );
  }
}
