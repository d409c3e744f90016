// The citizen portal: built by Vite, served on :4300 (where every request's trackUrl points, and the
// identity provider's registered address for the `portal` client), the services behind /svc/<service>
// (tools/web/vite-app.mts).
import { defineConfig } from 'vite';
import { mapConfig, webApp } from '../../tools/web/vite-app.mts';
import { kioskOfflineShell } from './kiosk-offline.mts';

/**
 * Kiosk mode's settings for `/config.json`, checked: KIOSK_IDLE_SECONDS (whole seconds without a
 * touch before a kiosk starts again, 30 to 3600, 90 when not set; its last 15 are the warning) and
 * KIOSK_OFFICES (JSON: each kiosk's device id to the office whose counters are at its location; the
 * demo's Stadhuis kiosk when not set, `{}` for none).
 */
export function kioskConfig(env: NodeJS.ProcessEnv = process.env): {
  kioskIdleSeconds: number;
  kioskOffices: Record<string, string>;
} {
  const idle = env.KIOSK_IDLE_SECONDS?.trim() || '90';
  const kioskIdleSeconds = Number(idle);
  if (!/^\d+$/.test(idle) || kioskIdleSeconds < 30 || kioskIdleSeconds > 3600)
    throw new Error(`KIOSK_IDLE_SECONDS: whole seconds from 30 to 3600 (90 when not set), not "${idle}"`);
  const offices = env.KIOSK_OFFICES?.trim() || '{"kiosk-town-hall-01":"town-hall"}';
  const example = 'e.g. {"kiosk-town-hall-01":"town-hall"}';
  let kioskOffices: unknown;
  try {
    kioskOffices = JSON.parse(offices);
  } catch (e) {
    throw new Error(`KIOSK_OFFICES: not JSON (${(e as Error).message}); ${example}`);
  }
  if (
    typeof kioskOffices !== 'object' ||
    kioskOffices === null ||
    Array.isArray(kioskOffices) ||
    !Object.entries(kioskOffices).every(
      ([device, office]) => device.trim() && typeof office === 'string' && office.trim(),
    )
  )
    throw new Error(`KIOSK_OFFICES: a JSON object of each kiosk's device id to its office id, ${example}`);
  return { kioskIdleSeconds, kioskOffices: kioskOffices as Record<string, string> };
}

/** CITY_LANGUAGES: the languages the city speaks, its own first, of en, nl and sv (all three when not set). */
export function cityLanguages(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.CITY_LANGUAGES?.trim() || 'en,nl,sv';
  const languages = raw.split(',').map((l) => l.trim());
  if (!languages.every((l) => ['en', 'nl', 'sv'].includes(l)) || new Set(languages).size !== languages.length)
    throw new Error(
      `CITY_LANGUAGES: some of en, nl, sv, each once, comma-separated (e.g. sv,en), not "${raw}"`,
    );
  return languages;
}

// The city's tile server, if it has one, and kiosk mode's settings (checked here, at start).
const map = mapConfig();
const kiosk = kioskConfig();
const languages = cityLanguages();

const app = webApp({
  name: 'portal',
  dir: import.meta.dirname,
  port: Number(process.env.PORTAL_PORT ?? 4300),
  host: process.env.PORTAL_HOST ?? '127.0.0.1',
  config: () => ({
    // The city's country: phone numbers written without + are read in it, as the gateway does.
    defaultCountry: process.env.DEFAULT_COUNTRY ?? 'GB',
    cityName: process.env.CITY_NAME ?? 'Rotterdam',
    // The languages the city speaks, its own first (CITY_LANGUAGES, e.g. sv,en; all three when not set).
    languages,
    oidcAuthority: process.env.OIDC_AUTHORITY ?? 'http://localhost:8080/realms/city',
    oidcClientId: process.env.PORTAL_OIDC_CLIENT_ID ?? 'portal',
    // The case-service's own limit (the same variable), said beside the file fields.
    documentMaxBytes: Number(process.env.DOCUMENT_MAX_BYTES ?? 10 * 1024 * 1024),
    ...map,
    // Kiosk mode (/kiosk): seconds without a touch before it starts again, and each kiosk's office.
    ...kiosk,
  }),
});

// Kiosk mode's offline shell: a service worker for /kiosk only, made after the build (kiosk-offline.mts).
export default defineConfig({ ...app, plugins: [...(app.plugins ?? []), kioskOfflineShell()] });
