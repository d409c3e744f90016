// The staff console: built by Vite, served on :4200 (the identity provider's registered address).
// The browser talks to one origin: /svc/<service>/... is passed to that service, so the services
// need no CORS and a city's web server or ingress does the same routing in production
// (docs/console.md). /config.json tells the app where its identity provider is, at run time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

const root = join(import.meta.dirname, '../..');
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, [string]> };
};

/** The services behind the console, each overridable by the same variables the services use for each other. */
const services = {
  gateway: process.env.INTAKE_GATEWAY_URL ?? 'http://127.0.0.1:3000',
  cases: process.env.CASE_SERVICE_URL ?? 'http://127.0.0.1:3001',
  workflow: process.env.WORKFLOW_SERVICE_URL ?? 'http://127.0.0.1:3002',
  notifications: process.env.NOTIFICATION_SERVICE_URL ?? 'http://127.0.0.1:3003',
};

const proxy: Record<string, ProxyOptions> = Object.fromEntries(
  Object.entries(services).map(([name, target]) => [
    `/svc/${name}/`,
    { target, changeOrigin: true, rewrite: (path: string) => path.slice(`/svc/${name}`.length) },
  ]),
);

/** What the app reads at start: its identity provider (OpenID Connect, code flow with PKCE). */
const runtimeConfig = () => ({
  oidcAuthority: process.env.OIDC_AUTHORITY ?? 'http://localhost:8080/realms/city',
  oidcClientId: process.env.OIDC_CLIENT_ID ?? 'console',
  // The city's country: phone numbers written without + are read in it (the gateway's same setting).
  defaultCountry: process.env.DEFAULT_COUNTRY ?? 'GB',
});

const configJson = (): Plugin => {
  const serve = (
    req: { url?: string },
    res: { setHeader: (k: string, v: string) => void; end: (b: string) => void },
    next: () => void,
  ) => {
    if (req.url !== '/config.json') return next();
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.end(JSON.stringify(runtimeConfig()));
  };
  return {
    name: 'console-runtime-config',
    configureServer: (server) => void server.middlewares.use(serve),
    configurePreviewServer: (server) => void server.middlewares.use(serve),
  };
};

const port = Number(process.env.CONSOLE_PORT ?? 4200);

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), configJson()],
  resolve: {
    // The workspace's @city/* libraries, from tsconfig.base.json (whole names only: `@city/web-kit`
    // must not swallow `@city/web-kit/texts`).
    alias: Object.entries(compilerOptions.paths).map(([alias, [target]]) => ({
      find: new RegExp(`^${alias.replace(/[/.]/g, '\\$&')}$`),
      replacement: join(root, target),
    })),
  },
  // The manifest lets the console bench weigh what each screen loads (index + its lazy chunk).
  build: { outDir: join(root, 'dist/apps/console'), emptyOutDir: true, sourcemap: true, manifest: true },
  server: { port, strictPort: true, host: process.env.CONSOLE_HOST ?? '127.0.0.1', proxy },
  preview: { port, strictPort: true, host: process.env.CONSOLE_HOST ?? '127.0.0.1', proxy },
});
