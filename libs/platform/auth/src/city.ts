import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiError } from '@city/platform-http';
import type { RequestWithActor } from './auth.guard';

/** The header by which a platform service, or a city's own portal or kiosk, names the city of a call. */
export const CITY_HEADER = 'x-city';

/**
 * The city a request is for (docs/multi-tenancy.md): a signed-in person's own (their token's, on
 * a public route too);
 * for a platform service, or nobody signed in, the city named by `X-City`, which must be one this
 * service serves; without it, the one city this service serves, if it serves one. A person cannot
 * step into another city by naming it: their token decides.
 */
export function cityOf(req: RequestWithActor): string {
  const served = req.cities ?? [];
  if (req.actor?.kind === 'user') return req.actor.tenant;
  if (req.personCity) return req.personCity;
  const raw = req.headers[CITY_HEADER];
  const named = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (named) {
    if (!served.includes(named))
      throw new ApiError(400, 'The request names a city this service does not serve.', [
        { field: 'X-City', reason: `not one of the cities served (${served.join(', ')})` },
      ]);
    return named;
  }
  if (served.length === 1) return served[0];
  throw new ApiError(400, 'Say which city the request is for: this service serves several.', [
    { field: 'X-City', reason: `required: one of ${served.join(', ')}` },
  ]);
}

/** The city of the request (`cityOf`), for a route's handler. */
export const City = createParamDecorator((_: unknown, ctx: ExecutionContext): string =>
  cityOf(ctx.switchToHttp().getRequest<RequestWithActor>()),
);
