import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '@city/platform-http';
import type { Actor } from './actor';
import { ACCESS_POLICY, describePolicy, type AccessPolicy } from './policy';
import { TokenVerifier } from './token-verifier';

export type RequestWithActor = FastifyRequest & {
  actor?: Actor;
  /** The cities this service serves, for `cityOf` (set on every request the guard sees). */
  cities?: readonly string[];
  /**
   * On a public route, the city of the signed-in person whose valid token came with it (the route
   * does not need one, so an invalid token is not refused here): their city is their token's.
   */
  personCity?: string;
  /**
   * On a public route, what the guard made of the bearer token that came with it: the verified
   * actor, or why it is not valid. A route that uses the token takes this rather than verify it again.
   */
  bearer?: { actor: Actor } | { refused: unknown };
};

/** The bearer token of a request, if it has one. */
export const bearerOf = (req: FastifyRequest): string | undefined =>
  /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];

/**
 * Deny by default: a route runs only when its declared policy lets the caller in. 401 without a
 * valid token (with `WWW-Authenticate`), 403 with a valid token of the wrong role or city, 403 for
 * a route that declares no policy. The verified actor is put on the request for `@CurrentActor()`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (!policy) throw new ApiError(403, 'This route declares no access policy, so no one may call it.');
    const req = ctx.switchToHttp().getRequest<RequestWithActor>();
    req.cities = this.verifier.cities;
    if ('public' in policy) {
      const token = bearerOf(req);
      if (token) {
        try {
          const actor = await this.verifier.verify(token);
          req.bearer = { actor };
          if (actor.kind === 'user') req.personCity = actor.tenant;
        } catch (refused) {
          req.bearer = { refused };
        }
      }
      return true;
    }
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const token = bearerOf(req);
    if (!token) {
      reply.header('WWW-Authenticate', 'Bearer');
      throw new ApiError(401, "Sign in: this needs a bearer token from the city's identity provider.");
    }
    let actor: Actor;
    try {
      actor = await this.verifier.verify(token);
    } catch (e) {
      if (e instanceof ApiError && e.getStatus() === 401)
        reply.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw e;
    }
    const { roles, services } = policy.allow;
    const allowed =
      actor.kind === 'service' ? services.includes(actor.name) : roles.some((r) => actor.roles.includes(r));
    if (!allowed) throw new ApiError(403, `Only ${describePolicy(policy.allow)} may do this.`);
    req.actor = actor;
    return true;
  }
}
