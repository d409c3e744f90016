import { cityPart, servedCities, type CitiesConfig } from '@city/platform-config';
import { loadRoutingConfig, type RoutingConfig } from './routing-config';

/**
 * Each served city's routing (docs/multi-tenancy.md): its business calendar and holidays, areas,
 * rules, escalations and counters. A city's own `<CITIES_DIR>/<city>/routing.yaml`, or the
 * deployment's ROUTING_FILE when it brings none. Every file is read and checked at start, so a city
 * with a broken file stops the service before it takes work.
 */
export class RoutingBook {
  private constructor(
    private readonly byCity: ReadonlyMap<string, RoutingConfig>,
    private readonly anyCity?: RoutingConfig,
  ) {}

  static load(config: CitiesConfig & { CITIES_DIR?: string; ROUTING_FILE: string }): RoutingBook {
    return new RoutingBook(
      new Map(
        servedCities(config).map((city) => [
          city,
          loadRoutingConfig(cityPart(config, city, 'routing.yaml', config.ROUTING_FILE)),
        ]),
      ),
    );
  }

  /** The same routing for every city (unit tests, and a routing given in code to one-city tests). */
  static everywhere(routing: RoutingConfig): RoutingBook {
    return new RoutingBook(new Map(), routing);
  }

  /** A served city's routing; a city not served is a fault of the caller (requests are checked before). */
  of(city: string): RoutingConfig {
    const r = this.byCity.get(city) ?? this.anyCity;
    if (!r) throw new Error(`no routing for city ${city}: not one this service serves`);
    return r;
  }
}
