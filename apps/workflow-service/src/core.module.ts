import { DynamicModule, Global, Module } from '@nestjs/common';
import { CLOCK, type Clock } from './clock';
import type { RoutingBook } from './routing/routing-book';
import { ROUTING_BOOK } from './routing/routing.tokens';

/** The clock and each served city's routing, for every module of the service. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(clock: Clock, routing: RoutingBook): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CLOCK, useValue: clock },
        { provide: ROUTING_BOOK, useValue: routing },
      ],
      exports: [CLOCK, ROUTING_BOOK],
    };
  }
}
