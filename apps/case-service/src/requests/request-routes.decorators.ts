import { applyDecorators } from '@nestjs/common';
import { ApiParam, ApiQuery } from '@nestjs/swagger';
import { normalizeReference } from '@city/domain-intake';
import type { RateLimitTarget } from '@city/platform-http';

/**
 * A citizen's tries at a reference (look-ups, replies, reopening, preferences) are counted per
 * reference, however it is written (normalised as `GET requests/:reference` takes it), under the
 * policy `second-factor`: one allowance of guesses at a reference's second factor, whichever route
 * makes them.
 */
export const referenceInPath: RateLimitTarget = {
  label: 'reference',
  of: (req) => {
    const raw = String((req.params as { reference?: unknown }).reference ?? '');
    return normalizeReference(raw) ?? raw.toUpperCase();
  },
};

/** The `:reference` of a route, as a citizen or an agent may write it. */
export const ApiReference = () =>
  ApiParam({
    name: 'reference',
    description: 'The request reference, e.g. EA49-HVS1-TVR (any case; spaces or dashes allowed)',
  });

/** The second factor: the email or the phone number the citizen gave with the request. */
export const ApiSecondFactor = () =>
  applyDecorators(
    ApiQuery({
      name: 'email',
      required: false,
      description: 'The email given with the request (or `phone`)',
    }),
    ApiQuery({
      name: 'phone',
      required: false,
      description: 'The phone number given with the request (or `email`)',
    }),
  );
