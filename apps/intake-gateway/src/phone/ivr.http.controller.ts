import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { normalizeReference } from '@city/domain-intake';
import { APP_CONFIG } from '@city/platform-config';
import type { GatewayConfig } from '../config';

/** Speaks a reference character by character, grouped, as a voice system should read it out. */
export const spell = (reference: string): string =>
  reference
    .split('-')
    .map((g) => g.split('').join(' '))
    .join(', ');

/**
 * The IVR's status look-up: a caller keys or says their reference and hears a short answer. The
 * status comes from the case record (case-service, issue 3); until that answers, the IVR says so.
 */
@ApiTags('phone')
@Controller('api/v1/ivr')
export class IvrHttpController {
  constructor(@Inject(APP_CONFIG) private readonly config: GatewayConfig) {}

  @Get('requests/:reference/status')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Short spoken-style status of a request, for a voice system to read out' })
  async status(@Param('reference') raw: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const reference = normalizeReference(raw);
    if (!reference) {
      reply.status(400);
      return 'Sorry, that is not a valid reference. A reference has eleven letters and numbers. Please check it and try again.';
    }
    try {
      const res = await fetch(`${this.config.CASE_SERVICE_URL}/api/v1/ivr/requests/${reference}/status`, { signal: AbortSignal.timeout(1_500) });
      if (res.status === 404) {
        reply.status(404);
        return `Sorry, we could not find a request with reference ${spell(reference)}. If you made it in the last few minutes, please try again shortly.`;
      }
      if (res.ok) return await res.text();
    } catch {
      // fall through
    }
    reply.status(503).header('Retry-After', '30');
    return 'Sorry, we cannot look up requests right now. Please try again later, or hold to speak to an adviser.';
  }
}
