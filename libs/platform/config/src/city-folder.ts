import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** What a city's folder holds when it is onboarded: its profile, its catalogue and its routing file. */
export interface CityFiles {
  /** `city.yaml`. */
  profile: Record<string, unknown>;
  /** `services/<code>.yaml`, one per service. */
  services: ReadonlyArray<Record<string, unknown>>;
  /** `routing.yaml`. */
  routing: Record<string, unknown>;
}

/**
 * Writes `<citiesDir>/<city>/` (`city.yaml`, `services/<code>.yaml`, `routing.yaml`) in one step:
 * drafted beside the others under a name no city can have, then moved into place, so a failure
 * part-way leaves no half-made city behind. The files are checked before (the caller's part).
 */
export function writeCityFolder(citiesDir: string, city: string, files: CityFiles, note: string): string {
  const dir = join(citiesDir, city);
  mkdirSync(citiesDir, { recursive: true });
  const draft = join(citiesDir, `.draft-${city}-${process.pid}`);
  rmSync(draft, { recursive: true, force: true });
  try {
    mkdirSync(join(draft, 'services'), { recursive: true });
    for (const s of files.services)
      writeFileSync(join(draft, 'services', `${String(s.code)}.yaml`), stringify(s));
    writeFileSync(join(draft, 'routing.yaml'), stringify(files.routing));
    writeFileSync(join(draft, 'city.yaml'), `# ${note}\n${stringify(files.profile)}`);
    renameSync(draft, dir);
  } finally {
    rmSync(draft, { recursive: true, force: true });
  }
  return dir;
}
