import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { servedCities } from '@city/platform-config';
import { AuthGuard } from './auth.guard';
import type { AuthConfig } from './auth-config';
import { ServiceTokens } from './service-tokens';
import { TokenVerifier } from './token-verifier';

/**
 * Bearer tokens checked on every route of the app, deny by default (see AuthGuard); and, for a
 * service that calls others, its own client-credentials tokens (ServiceTokens).
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(
    config: AuthConfig & {
      TENANT_ID: string;
      CITIES?: readonly string[];
      AUTH_CLIENT_ID?: string;
      AUTH_CLIENT_SECRET?: string;
    },
    /**
     * Whether this service's routes take each request's city (`@City()`). One that does not yet reads
     * TENANT_ID, so it must not start serving several cities: their people would all reach TENANT_ID's.
     */
    { severalCities = false }: { severalCities?: boolean } = {},
  ): DynamicModule {
    const served = servedCities(config);
    if (!served.includes(config.TENANT_ID))
      throw new Error(
        `TENANT_ID (${config.TENANT_ID}) is not one of CITIES (${served.join(', ')}): it names the deployment's own city, whose administrators run it (docs/multi-tenancy.md)`,
      );
    // The deployment's own city first: the verifier's first city is the one whose administrators run it.
    const cities = [config.TENANT_ID, ...served.filter((c) => c !== config.TENANT_ID)];
    if (cities.length > 1 && !severalCities)
      throw new Error(
        `CITIES names ${cities.length} cities, but this service serves one city only (TENANT_ID): its routes do not yet take each request's city (docs/multi-tenancy.md)`,
      );
    const client =
      config.AUTH_CLIENT_ID && config.AUTH_CLIENT_SECRET
        ? new ServiceTokens({
            issuer: config.AUTH_ISSUER,
            tokenEndpoint: config.AUTH_TOKEN_URL,
            clientId: config.AUTH_CLIENT_ID,
            clientSecret: config.AUTH_CLIENT_SECRET,
          })
        : null;
    return {
      module: AuthModule,
      providers: [
        { provide: TokenVerifier, useValue: new TokenVerifier(config, cities) },
        { provide: APP_GUARD, useClass: AuthGuard },
        ...(client ? [{ provide: ServiceTokens, useValue: client }] : []),
      ],
      exports: [TokenVerifier, ...(client ? [ServiceTokens] : [])],
    };
  }
}
