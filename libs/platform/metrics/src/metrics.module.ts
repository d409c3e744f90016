import { DynamicModule, Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** A service's metrics, for every module of it (`Metrics`); served at `/metrics` by `useMetrics`. */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(service: string, { enabled = true }: { enabled?: boolean } = {}): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: Metrics, useValue: new Metrics(service, enabled) }],
      exports: [Metrics],
    };
  }
}
