// The staff console: built by Vite, served on :4200 (the identity provider's registered address),
// the services behind /svc/<service> (tools/web/vite-app.mts, docs/console.md).
import { defineConfig } from 'vite';
import { webApp } from '../../tools/web/vite-app.mts';

export default defineConfig(
  webApp({
    name: 'console',
    dir: import.meta.dirname,
    port: Number(process.env.CONSOLE_PORT ?? 4200),
    host: process.env.CONSOLE_HOST ?? '127.0.0.1',
    // What the app reads at start: its identity provider (OpenID Connect, code flow with PKCE), and
    // the city's country (phone numbers written without + are read in it, as the gateway does).
    config: () => ({
      oidcAuthority: process.env.OIDC_AUTHORITY ?? 'http://localhost:8080/realms/city',
      oidcClientId: process.env.OIDC_CLIENT_ID ?? 'console',
      defaultCountry: process.env.DEFAULT_COUNTRY ?? 'GB',
    }),
  }),
);
