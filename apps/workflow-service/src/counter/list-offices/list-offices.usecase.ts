import { Inject, Injectable } from '@nestjs/common';
import type { RoutingBook } from '../../routing/routing-book';
import { ROUTING_BOOK } from '../../routing/routing.tokens';
import { countersOf } from '../counter-desk';

/** The city's offices with counters (routing.yaml: counters.offices), for the screens that pick one. */
@Injectable()
export class ListOfficesUseCase {
  constructor(@Inject(ROUTING_BOOK) private readonly routing: RoutingBook) {}

  execute(tenantId: string): { offices: Array<{ id: string; name: string }> } {
    return {
      offices: countersOf(this.routing.of(tenantId)).offices.map((o) => ({ id: o.id, name: o.name })),
    };
  }
}
