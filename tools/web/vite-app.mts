// What every web app of the city shares in its Vite config (apps/console, apps/portal): the
// workspace's @city/* libraries, one origin with /svc/<service> passed to each service (the services
// need no CORS; a city's web server or ingress routes the same in production), /config.json read at
// start so one build serves any city, and a manifest the benchmarks weigh screens with.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin, ProxyOptions, UserConfig } from 'vite';

const root = join(import.meta.dirname, '../..');
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, [string]> };
};

/** The services behind a web app, each overridable by the same variables the services use for each other. */
const services = () => ({
  gateway: process.env.INTAKE_GATEWAY_URL ?? 'http://127.0.0.1:3000',
  cases: process.env.CASE_SERVICE_URL ?? 'http://127.0.0.1:3001',
  workflow: process.env.WORKFLOW_SERVICE_URL ?? 'http://127.0.0.1:3002',
  notifications: process.env.NOTIFICATION_SERVICE_URL ?? 'http://127.0.0.1:3003',
  ops: process.env.OPS_MONITOR_URL ?? 'http://127.0.0.1:3004',
});

/**
 * CITY: the city this web app is the front door of, named to every service in X-City
 * (docs/multi-tenancy.md) unless the page names one itself (the waiting-room display's ?city=);
 * unset, none is named (a deployment that serves one city needs none). A signed-in person's city is
 * their token's whatever the header says.
 */
const city = () => process.env.CITY?.trim() || undefined;

const proxy = (): Record<string, ProxyOptions> =>
  Object.fromEntries(
    Object.entries(services()).map(([name, target]) => [
      `/svc/${name}/`,
      {
        target,
        changeOrigin: true,
        rewrite: (path: string) => path.slice(`/svc/${name}`.length),
        // The prefix the proxy takes off, so a page the service serves itself (the job queues board)
        // writes its links and cookie path as the browser sees them.
        headers: { 'x-forwarded-prefix': `/svc/${name}` },
        configure: (server) =>
          server.on('proxyReq', (req, incoming) => {
            const c = city();
            if (c && !incoming.headers['x-city']) req.setHeader('x-city', c);
          }),
      },
    ]),
  );

/**
 * The city's map for `/config.json`, when it has a tile server: MAP_TILES_URL (a tile template,
 * `https://tiles.example/{z}/{x}/{y}.png`), MAP_TILES_ATTRIBUTION (plain text), MAP_TILES_MAX_ZOOM
 * (19) and MAP_CENTRE (`lat,long,zoom`, Rotterdam's centre when not set). Nothing without
 * MAP_TILES_URL: the request form then asks for the address or the coordinates only.
 */
export function mapConfig(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const url = env.MAP_TILES_URL?.trim();
  if (!url) return {};
  const maxZoom = Number(env.MAP_TILES_MAX_ZOOM ?? 19);
  const [lat, long, zoom] = (env.MAP_CENTRE ?? '51.9225,4.47917,13').split(',').map((x) => Number(x.trim()));
  if (!/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/.test(url))
    throw new Error('MAP_TILES_URL: an http(s) template with {z}, {x} and {y}');
  if (!Number.isInteger(maxZoom) || maxZoom < 1 || maxZoom > 22)
    throw new Error('MAP_TILES_MAX_ZOOM: 1 to 22');
  if (!(
    Math.abs(lat) <= 90 &&
    Math.abs(long) <= 180 &&
    Number.isInteger(zoom) &&
    zoom >= 0 &&
    zoom <= maxZoom
  ))
    throw new Error('MAP_CENTRE: lat,long,zoom (e.g. 51.9225,4.47917,13)');
  return {
    mapTiles: { url, attribution: env.MAP_TILES_ATTRIBUTION?.trim() ?? '', maxZoom },
    mapCentre: { lat, long, zoom },
  };
}

/** Serves `/config.json` (what the app reads at start) from the environment, in dev and preview. */
function runtimeConfig(name: string, config: () => Record<string, unknown>): Plugin {
  const serve = (
    req: { url?: string },
    res: { setHeader: (k: string, v: string) => void; end: (b: string) => void },
    next: () => void,
  ) => {
    if (req.url !== '/config.json') return next();
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.end(JSON.stringify(config()));
  };
  return {
    name: `${name}-runtime-config`,
    configureServer: (server) => void server.middlewares.use(serve),
    configurePreviewServer: (server) => void server.middlewares.use(serve),
  };
}

export function webApp(o: {
  /** The app's folder name under apps/ (and dist/apps/). */
  name: string;
  dir: string;
  port: number;
  host: string;
  config: () => Record<string, unknown>;
}): UserConfig {
  const server = { port: o.port, strictPort: true, host: o.host, proxy: proxy() };
  return {
    root: o.dir,
    plugins: [react(), runtimeConfig(o.name, o.config)],
    resolve: {
      // The workspace's @city/* libraries, from tsconfig.base.json (whole names only: `@city/web-kit`
      // must not swallow `@city/web-kit/texts`).
      alias: Object.entries(compilerOptions.paths).map(([alias, [target]]) => ({
        find: new RegExp(`^${alias.replace(/[/.]/g, '\\$&')}$`),
        replacement: join(root, target),
      })),
    },
    build: { outDir: join(root, `dist/apps/${o.name}`), emptyOutDir: true, sourcemap: true, manifest: true },
    server,
    preview: server,
  };
}
