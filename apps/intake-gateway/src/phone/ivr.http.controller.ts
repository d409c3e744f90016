import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { normalizeReference } from '@city/domain-intake';
import { City, Public } from '@city/platform-auth';
import { RateLimit } from '@city/platform-http';
import { CaseServiceClient } from '../case-record/case-service.client';

/** Speaks a reference character by character, grouped, as a voice system should read it out. */
export const spell = (reference: string): string =>
  reference
    .split('-')
    .map((g) => g.split('').join(' '))
    .join(', ');

/**
 * The IVR's status look-up: a caller keys or says their reference and hears a short answer. The
 * status comes from the case record (case-service, issue 3); until that answers, the IVR says so.
 * Each city's IVR names its city (`X-City`) where the gateway serves several.
 */
@ApiTags('phone')
@Controller('api/v1/ivr')
export class IvrHttpController {
  constructor(private readonly cases: CaseServiceClient) {}

  @Get('requests/:reference/status')
  @RateLimit('ivr-status')
  @Public('the IVR reads a status out to a caller who has the reference; nothing personal is said')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Short spoken-style status of a request, for a voice system to read out' })
  async status(
    @Param('reference') raw: string,
    @City() city: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const reference = normalizeReference(raw);
    if (!reference) {
      reply.status(400);
      return 'Sorry, that is not a valid reference. A reference has eleven letters and numbers. Please check it and try again.';
    }
    const res = await this.cases.get(city, `/api/v1/ivr/requests/${reference}/status`, {}, 1_500);
    if (res?.status === 404) {
      reply.status(404);
      return `Sorry, we could not find a request with reference ${spell(reference)}. If you made it in the last few minutes, please try again shortly.`;
    }
    if (res?.ok) return await res.text();
    reply.status(503).header('Retry-After', '30');
    return 'Sorry, we cannot look up requests right now. Please try again later, or hold to speak to an adviser.';
  }
}
