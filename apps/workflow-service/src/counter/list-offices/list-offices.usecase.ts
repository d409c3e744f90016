import { Inject, Injectable } from '@nestjs/common';
import type { RoutingConfig } from '../../routing/routing-config';
import { ROUTING_CONFIG } from '../../routing/routing.tokens';
import { countersOf } from '../counter-desk';

/** The city's offices with counters (routing.yaml: counters.offices), for the screens that pick one. */
@Injectable()
export class ListOfficesUseCase {
  constructor(@Inject(ROUTING_CONFIG) private readonly routing: RoutingConfig) {}

  execute(): { offices: Array<{ id: string; name: string }> } {
    return { offices: countersOf(this.routing).offices.map((o) => ({ id: o.id, name: o.name })) };
  }
}
