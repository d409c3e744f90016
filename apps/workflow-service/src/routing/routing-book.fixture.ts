import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { RoutingBook } from './routing-book';
import type { RoutingConfig } from './routing-config';

/** The repository's root: the deployment's routing file is read from there. */
const ROOT = join(__dirname, '../../../..');

/**
 * A routing book of the cities given, for tests: each city's routing file is the deployment's
 * (catalogue/routing.yaml) with the sharing (and calendar) given, written to a folder of its own, and loaded (and
 * checked) as the service loads its cities' files.
 */
export function routingBookOf(
  cities: Record<string, Partial<RoutingConfig['sharing']>>,
  /** Each city's calendar, where a test gives one (raw, as a routing file has it). */
  calendars: Record<string, object> = {},
): RoutingBook {
  const dir = mkdtempSync(join(tmpdir(), 'routing-book-'));
  const shared = parse(readFileSync(join(ROOT, 'catalogue/routing.yaml'), 'utf8')) as object;
  for (const [city, sharing] of Object.entries(cities)) {
    mkdirSync(join(dir, city));
    const calendar = calendars[city] ? { calendar: calendars[city] } : {};
    writeFileSync(join(dir, city, 'routing.yaml'), stringify({ ...shared, ...calendar, sharing }));
  }
  const names = Object.keys(cities);
  return RoutingBook.load({
    TENANT_ID: names[0],
    CITIES: names,
    CITIES_DIR: dir,
    ROUTING_FILE: join(ROOT, 'catalogue/routing.yaml'),
  });
}
