// The citizen portal: built by Vite, served on :4300 (where every request's trackUrl points, and the
// identity provider's registered address for the `portal` client), the services behind /svc/<service>
// (tools/web/vite-app.mts).
import { defineConfig } from 'vite';
import { mapConfig, webApp } from '../../tools/web/vite-app.mts';
import { kioskOfflineShell } from './kiosk-offline.mts';

// The city's tile server, if it has one (checked here, at start): the report form's map.
const map = mapConfig();
// Kiosk mode: the office whose counters are at each kiosk's location, by device id (JSON); the demo's
// Stadhuis kiosk when not given.
const kioskOffices: Record<string, string> = JSON.parse(
  process.env.KIOSK_OFFICES ?? '{"kiosk-town-hall-01":"town-hall"}',
);

const app = webApp({
  name: 'portal',
  dir: import.meta.dirname,
  port: Number(process.env.PORTAL_PORT ?? 4300),
  host: process.env.PORTAL_HOST ?? '127.0.0.1',
  config: () => ({
    // The city's country: phone numbers written without + are read in it, as the gateway does.
    defaultCountry: process.env.DEFAULT_COUNTRY ?? 'GB',
    cityName: process.env.CITY_NAME ?? 'Rotterdam',
    oidcAuthority: process.env.OIDC_AUTHORITY ?? 'http://localhost:8080/realms/city',
    oidcClientId: process.env.PORTAL_OIDC_CLIENT_ID ?? 'portal',
    ...map,
    // Kiosk mode (/kiosk): seconds without a touch before it starts again, and each kiosk's office.
    kioskIdleSeconds: Number(process.env.KIOSK_IDLE_SECONDS ?? 90),
    kioskOffices,
  }),
});

// Kiosk mode's offline shell: a service worker for /kiosk only, made after the build (kiosk-offline.mts).
export default defineConfig({ ...app, plugins: [...(app.plugins ?? []), kioskOfflineShell()] });
