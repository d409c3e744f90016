import { z } from 'zod';

/**
 * Where tokens come from and where their parts sit: a city points these at its own OpenID Connect
 * provider (Keycloak or any other) by configuration alone. Defaults fit the project's Keycloak.
 */
export const authConfigSchema = z.object({
  /** The provider's issuer URL, exactly as tokens carry it in `iss`. */
  AUTH_ISSUER: z.string().url().default('http://localhost:8080/realms/city'),
  /** The audience every token for these services must name (`aud`). */
  AUTH_AUDIENCE: z.string().min(1).default('city-services'),
  /**
   * The provider's published keys, and its token endpoint (for a service's own client credentials);
   * found through the issuer's discovery document when unset. Set them where services reach the
   * provider at another address than the one in tokens (e.g. http://keycloak:8080 inside compose).
   */
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_TOKEN_URL: z.string().url().optional(),
  /** Dotted path of the roles array in a token (Keycloak: realm_access.roles; Entra ID: roles). */
  AUTH_ROLES_CLAIM: z.string().min(1).default('realm_access.roles'),
  /** Dotted path of the tenant (city) in a token; empty when the provider serves one city only. */
  AUTH_TENANT_CLAIM: z.string().default('tenant'),
  AUTH_NAME_CLAIM: z.string().min(1).default('preferred_username'),
  AUTH_OFFICE_CLAIM: z.string().default('office'),
  /** Seconds of clock difference allowed between the provider and this service. */
  AUTH_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(300).default(5),
  /** Shortest time between two fetches of the published keys when a token names an unknown key. */
  AUTH_JWKS_COOLDOWN_MS: z.coerce.number().int().min(0).default(30_000),
});
export type AuthConfig = z.infer<typeof authConfigSchema>;

/**
 * A service's own client credentials, for the calls it makes to another service. The development
 * realm's secret is `demo-<client>-secret`; it is the default outside production only.
 */
export const serviceClientConfigSchema = (clientId: string) =>
  z.object({
    AUTH_CLIENT_ID: z.string().min(1).default(clientId),
    AUTH_CLIENT_SECRET: z.string().min(1).default(`demo-${clientId}-secret`),
  });

/** Settings a production deployment must name itself: the development default points at localhost. */
export const PRODUCTION_REQUIRED = ['AUTH_ISSUER'] as const;
