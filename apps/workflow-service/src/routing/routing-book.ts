import { loadPerCity, servedCities, type CitiesConfig, type PerCity } from '@city/platform-config';
import { loadRoutingConfig, type RoutingConfig } from './routing-config';

/** Where a city's service is worked when another city works it: that city, and the queue there. */
export interface Worker {
  city: string;
  queue: string;
}

/**
 * The services handed over between the served cities, checked to be agreed on both sides: each city
 * a service is handed to takes it over from that city (into a queue of its own). Handing work to a
 * city that does not take it, or that this deployment does not serve, is an error: its cases would
 * sit in a queue nobody works. A take-over nobody hands (the other city not served here, or not
 * handing it) is idle: nothing comes, so a routing file several cities share can carry one.
 */
function agreements(cities: readonly string[], of: PerCity<RoutingConfig>): Map<string, Worker> {
  const { workers, problems } = sharingAgreements(cities, of);
  if (problems.length > 0)
    throw new Error(`the cities' sharing agreements do not match:\n  ${problems.join('\n  ')}`);
  return workers;
}

/** The hand-overs between the cities, each to a queue of the city that takes it, and every one that does not match. */
export function sharingAgreements(
  cities: readonly string[],
  of: PerCity<RoutingConfig>,
): { workers: Map<string, Worker>; problems: string[] } {
  const problems: string[] = [];
  const workers = new Map<string, Worker>();
  for (const city of cities)
    for (const h of of(city).sharing.handOver)
      for (const service of h.services) {
        if (h.to === city) problems.push(`${city} hands ${service} over to itself`);
        else if (!cities.includes(h.to))
          problems.push(`${city} hands ${service} over to ${h.to}, a city this deployment does not serve`);
        else {
          const t = of(h.to).sharing.takeOver.find((x) => x.from === city && x.services.includes(service));
          if (!t) problems.push(`${city} hands ${service} over to ${h.to}, which does not take it over`);
          else workers.set(`${city}/${service}`, { city: h.to, queue: t.queue });
        }
      }
  return { workers, problems };
}

/**
 * Each served city's routing (docs/multi-tenancy.md): its business calendar and holidays, areas,
 * rules, escalations, counters and the services it shares. A city's own
 * `<CITIES_DIR>/<city>/routing.yaml`, or the deployment's ROUTING_FILE when it brings none. Every file
 * is read and checked at start, and the sharing agreements between them, so a city with a broken
 * file stops the service before it takes work.
 */
export class RoutingBook {
  private constructor(
    private readonly byCity: PerCity<RoutingConfig> | null,
    private readonly anyCity: RoutingConfig | null,
    private readonly workers: ReadonlyMap<string, Worker>,
  ) {}

  static load(config: CitiesConfig & { CITIES_DIR?: string; ROUTING_FILE: string }): RoutingBook {
    const byCity = loadPerCity(config, 'routing.yaml', config.ROUTING_FILE, loadRoutingConfig);
    return new RoutingBook(byCity, null, agreements(servedCities(config), byCity));
  }

  /** The same routing for every city, nothing shared (unit tests, and a routing given in code to one-city tests). */
  static everywhere(routing: RoutingConfig): RoutingBook {
    return new RoutingBook(null, routing, new Map());
  }

  /** A served city's routing; a city not served is a fault of the caller (requests are checked before). */
  of(city: string): RoutingConfig {
    return this.byCity ? this.byCity(city) : this.anyCity!;
  }

  /**
   * Who works a city's service, when another city does by agreement; null when the city works it
   * itself. The case stays the first city's, on its service level and calendar.
   */
  workerOf(city: string, serviceCode: string): Worker | null {
    return this.workers.get(`${city}/${serviceCode}`) ?? null;
  }
}
