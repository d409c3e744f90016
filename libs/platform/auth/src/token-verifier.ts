import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { ApiError } from '@city/platform-http';
import { ROLES, type Actor, type Role } from './actor';
import type { AuthConfig } from './auth-config';

/** The provider's discovery document, the parts this platform uses. */
export interface ProviderMetadata {
  issuer: string;
  jwks_uri: string;
  token_endpoint: string;
}

/** Reads the issuer's OpenID Connect discovery document. */
export async function discover(issuer: string, timeoutMs = 5_000): Promise<ProviderMetadata> {
  const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`the identity provider answered ${res.status} for its discovery document`);
  return (await res.json()) as ProviderMetadata;
}

const claimAt = (payload: JWTPayload, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      payload,
    );

const unauthorized = (reason: string) => new ApiError(401, `Sign in again: ${reason}.`);

/** How many verified tokens are remembered (until they expire), so a busy caller costs one signature check. */
const CACHE_SIZE = 10_000;

/**
 * Checks bearer tokens against the provider's published keys (fetched once and cached; a token
 * signed with a key not yet seen, as after a rotation, fetches them again): signature, issuer,
 * audience, expiry, and that a person's city is one this service serves. Gives the token's Actor.
 */
export class TokenVerifier {
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;
  private readonly verified = new Map<string, { actor: Actor; expiresAt: number }>();

  /**
   * The cities this service serves: a person's token for another is refused. The first is the
   * deployment's own (TENANT_ID): its administrators run the platform (`isOperator`).
   */
  readonly cities: readonly string[];

  constructor(
    private readonly config: AuthConfig,
    /** The city or cities this service serves (the first when the provider names none in its tokens). */
    cities: string | readonly string[],
    private readonly now: () => number = Date.now,
  ) {
    this.cities = typeof cities === 'string' ? [cities] : cities;
  }

  /**
   * Whether a person runs the deployment itself (its job queues, its dead letters): an administrator
   * or operations member of the deployment's own city. Another city's staff run their city only.
   */
  isOperator(actor: Actor, roles: readonly Role[] = ['admin']): boolean {
    return (
      actor.kind === 'user' && actor.tenant === this.cities[0] && roles.some((r) => actor.roles.includes(r))
    );
  }

  private async keys(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (this.jwks) return this.jwks;
    let url = this.config.AUTH_JWKS_URL;
    if (!url) {
      try {
        url = (await discover(this.config.AUTH_ISSUER)).jwks_uri;
      } catch {
        throw new ApiError(
          503,
          'The identity provider cannot be reached to check your sign-in; try again shortly.',
          undefined,
          5,
        );
      }
    }
    this.jwks = createRemoteJWKSet(new URL(url), {
      cooldownDuration: this.config.AUTH_JWKS_COOLDOWN_MS,
      timeoutDuration: 5_000,
    });
    return this.jwks;
  }

  /** The actor of a token, or 401 (not valid here), 403 (another city's) or 503 (the keys cannot be fetched). */
  async verify(token: string): Promise<Actor> {
    const hit = this.verified.get(token);
    const now = this.now();
    if (hit) {
      if (hit.expiresAt > now - this.config.AUTH_CLOCK_TOLERANCE_S * 1000) return this.checkTenant(hit.actor);
      this.verified.delete(token);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.keys(), {
        issuer: this.config.AUTH_ISSUER,
        audience: this.config.AUTH_AUDIENCE,
        algorithms: [
          'RS256',
          'RS384',
          'RS512',
          'PS256',
          'PS384',
          'PS512',
          'ES256',
          'ES384',
          'ES512',
          'EdDSA',
        ],
        clockTolerance: this.config.AUTH_CLOCK_TOLERANCE_S,
        currentDate: new Date(now),
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (e) {
      throw this.refusal(e);
    }
    const actor = this.actorOf(payload);
    if (this.verified.size >= CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { actor, expiresAt: payload.exp! * 1000 });
    return this.checkTenant(actor);
  }

  private refusal(e: unknown): ApiError {
    if (e instanceof ApiError) return e;
    if (e instanceof errors.JWTExpired) return unauthorized('the token has expired');
    if (e instanceof errors.JWTClaimValidationFailed)
      return unauthorized(`the token's ${e.claim} is not this platform's`);
    if (e instanceof errors.JWSSignatureVerificationFailed)
      return unauthorized('the token signature does not verify');
    if (e instanceof errors.JWKSNoMatchingKey)
      return unauthorized('the token is signed by a key the identity provider does not publish');
    if (
      e instanceof errors.JWKSTimeout ||
      (e instanceof Error && /fetch failed|ECONNREFUSED/.test(e.message))
    ) {
      return new ApiError(
        503,
        'The identity provider cannot be reached to check your sign-in; try again shortly.',
        undefined,
        5,
      );
    }
    return unauthorized('the token is not a valid signed token');
  }

  private actorOf(p: JWTPayload): Actor {
    const rawRoles = claimAt(p, this.config.AUTH_ROLES_CLAIM);
    const roles = (Array.isArray(rawRoles) ? rawRoles : []).filter((r): r is Role =>
      (ROLES as readonly string[]).includes(r as string),
    );
    const clientId =
      typeof p['azp'] === 'string' ? p['azp'] : typeof p['client_id'] === 'string' ? p['client_id'] : '';
    const isService = roles.includes('service');
    const name = claimAt(p, this.config.AUTH_NAME_CLAIM);
    const tenant = this.config.AUTH_TENANT_CLAIM ? claimAt(p, this.config.AUTH_TENANT_CLAIM) : this.cities[0];
    const office = this.config.AUTH_OFFICE_CLAIM ? claimAt(p, this.config.AUTH_OFFICE_CLAIM) : undefined;
    return {
      kind: isService ? 'service' : 'user',
      subject: p.sub!,
      // A service is named by its client, so its records say which service acted.
      name: isService ? clientId : typeof name === 'string' && name ? name : p.sub!,
      displayName: typeof p['name'] === 'string' ? p['name'] : null,
      givenName: typeof p['given_name'] === 'string' && p['given_name'] ? p['given_name'] : null,
      familyName: typeof p['family_name'] === 'string' && p['family_name'] ? p['family_name'] : null,
      roles: isService ? ['service'] : roles,
      tenant: typeof tenant === 'string' ? tenant : '',
      clientId,
      email: p['email_verified'] === true && typeof p['email'] === 'string' ? p['email'].toLowerCase() : null,
      office: typeof office === 'string' && office ? office : null,
    };
  }

  /**
   * A person belongs to one city, which must be one this service serves. A service of the platform
   * works for every city its deployment serves, naming the city of each call (`X-City`, see cityOf):
   * its token names the deployment's city (or `*`), which must be one served too, so another
   * deployment's service is refused as another city's person is.
   */
  private checkTenant(actor: Actor): Actor {
    const ours = this.cities.includes(actor.tenant) || (actor.kind === 'service' && actor.tenant === '*');
    if (!ours) throw new ApiError(403, 'This token is for another city than the ones this service serves.');
    return actor;
  }
}
