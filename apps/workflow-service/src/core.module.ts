import { DynamicModule, Global, Module } from '@nestjs/common';
import { CLOCK, type Clock } from './clock';
import type { RoutingConfig } from './routing/routing-config';
import { ROUTING_CONFIG } from './routing/routing.tokens';

/** The clock and the city's routing, for every module of the service. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(clock: Clock, routing: RoutingConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CLOCK, useValue: clock },
        { provide: ROUTING_CONFIG, useValue: routing },
      ],
      exports: [CLOCK, ROUTING_CONFIG],
    };
  }
}
