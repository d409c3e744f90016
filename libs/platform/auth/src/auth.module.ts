import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import type { AuthConfig } from './auth-config';
import { TokenVerifier } from './token-verifier';

/** Bearer tokens checked on every route of the app, deny by default (see AuthGuard). */
@Global()
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig & { TENANT_ID: string }): DynamicModule {
    return {
      module: AuthModule,
      providers: [{ provide: TokenVerifier, useValue: new TokenVerifier(config, config.TENANT_ID) }, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [TokenVerifier],
    };
  }
}
