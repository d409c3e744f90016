import { DynamicModule, Global, Module } from '@nestjs/common';
import { CityProfiles } from './city-profile';
import { APP_CONFIG, type CitiesConfig } from './config';

/**
 * The app's validated configuration (APP_CONFIG), and, for a service of the platform, each served
 * city's profile (CityProfiles: its city.yaml, read and checked at start).
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot<T extends object>(config: T): DynamicModule {
    const cities =
      'TENANT_ID' in config
        ? [{ provide: CityProfiles, useValue: CityProfiles.load(config as CitiesConfig) }]
        : [];
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, ...cities],
      exports: [APP_CONFIG, ...cities.map((c) => c.provide)],
    };
  }
}
