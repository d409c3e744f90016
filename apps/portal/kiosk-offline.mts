// Kiosk mode's offline shell: a service worker made at build time with Workbox (workbox-build's
// generateSW), which the kiosk's own code registers for /kiosk only (src/features/kiosk/offline-shell.ts).
// It keeps the built index.html and the JavaScript and CSS the kiosk's screens need, so a kiosk whose
// browser restarts while the network is down still starts; the citizen portal at / has no worker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { generateSW, type RuntimeCaching } from 'workbox-build';

/** The worker's file in the build (served at /kiosk-sw.js) and the addresses it controls. */
export const KIOSK_WORKER = 'kiosk-sw.js';
/** The kiosk's first module: its frame, whose dynamic imports are its screens. */
const KIOSK_ENTRY = 'src/features/kiosk/KioskApp.tsx';
/** How long a kiosk waits for the network before it starts from what it kept. */
const NETWORK_TIMEOUT_SECONDS = 4;

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  assets?: string[];
}

/**
 * The files a kiosk needs to start and show every screen without the network, from Vite's manifest:
 * the app's entry with its imports and style sheets, and the kiosk's frame with its screens (the
 * kiosk's own lazy chunks, which it fetches at start) and theirs. Not the citizen's pages, not the
 * citizen sign-in (oidc-client-ts), and not the request form's map (Leaflet): without the network
 * there are no tiles to show in it.
 */
export function kioskFiles(manifest: Record<string, ManifestChunk>, entry = KIOSK_ENTRY): string[] {
  const files = new Set<string>(['index.html']);
  const seen = new Set<string>();
  const visit = (key: string, followDynamic: boolean) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    for (const f of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(f);
    for (const k of chunk.imports ?? []) visit(k, false);
    if (followDynamic)
      for (const k of chunk.dynamicImports ?? []) visit(k, k.startsWith('src/features/kiosk/'));
  };
  if (!manifest['index.html']) throw new Error('kiosk offline shell: no index.html in the build manifest');
  if (!manifest[entry]) throw new Error(`kiosk offline shell: no ${entry} in the build manifest (renamed?)`);
  visit('index.html', false);
  visit(entry, true);
  return [...files].sort();
}

/**
 * Network first, for a kiosk's page and its /config.json: what the network says when it answers
 * within the timeout with anything but a server error; else the copy kept. A city's proxy answering
 * 502 while the portal is down counts as no network.
 */
const serverErrorIsFailure = {
  fetchDidSucceed: async ({ response }: { response: Response }) => {
    if (response.status >= 500) throw new Error(`the server answered ${response.status}`);
    return response;
  },
};

// The functions below are written into the worker as they are (Workbox stringifies them): they may
// use only their arguments and the worker's globals, and find the app's addresses from the worker's
// own (served beside index.html).
const runtimeCaching: RuntimeCaching[] = [
  {
    // A kiosk page (/kiosk, /kiosk/setup, ...): the network's index.html, so a new deployment is
    // picked up at once; without it (offline, a timeout, a 5xx), the index.html this worker
    // precached. Pages are never kept one by one: only the precached one is ever served, whose
    // scripts are precached beside it.
    urlPattern: ({ request, url }) => {
      const kiosk = new URL('kiosk', self.location.href).pathname;
      return request.mode === 'navigate' && (url.pathname === kiosk || url.pathname.startsWith(`${kiosk}/`));
    },
    handler: 'NetworkFirst',
    options: {
      cacheName: 'city-kiosk-pages',
      networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
      plugins: [
        serverErrorIsFailure,
        { cacheWillUpdate: async () => null },
        {
          // Nothing kept under the page's address: the precache's index.html (its key carries a
          // ?__WB_REVISION__ query, hence ignoreSearch; the precache is the only cache holding it).
          cachedResponseWillBeUsed: async ({ cachedResponse }: { cachedResponse?: Response }) =>
            cachedResponse ??
            (await caches.match(new URL('index.html', self.location.href).href, { ignoreSearch: true })),
        },
      ],
    },
  },
  {
    // What the app reads at start (the city, the idle time, the kiosk's office): the network's, and
    // the last copy when the network does not answer. The kiosk keeps its device (localStorage) and
    // its catalogue (IndexedDB, catalogue-cache.ts) itself; the services (/svc/...) are never cached.
    urlPattern: ({ url }) => url.href === new URL('config.json', self.location.href).href,
    handler: 'NetworkFirst',
    options: {
      cacheName: 'city-kiosk-config',
      networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
      plugins: [serverErrorIsFailure],
      cacheableResponse: { statuses: [200] },
    },
  },
];

/**
 * After Vite has written the build: generates `kiosk-sw.js` (Workbox's runtime inlined, one file)
 * precaching `kioskFiles`. A new build is a new worker, which takes over at once (skipWaiting,
 * clientsClaim) and drops what the old build precached; the kiosk reloads into it at its next fresh
 * start (offline-shell.ts).
 */
export function kioskOfflineShell(): Plugin {
  let outDir = '';
  return {
    name: 'portal-kiosk-offline-shell',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async writeBundle() {
      const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<
        string,
        ManifestChunk
      >;
      const files = kioskFiles(manifest);
      const { count, size, warnings } = await generateSW({
        swDest: join(outDir, KIOSK_WORKER),
        globDirectory: outDir,
        globPatterns: files,
        // Vite's hashed file names change with their content: no revision needed.
        dontCacheBustURLsMatching: /^assets\/.+-[\w-]{8}\.(?:js|css)$/,
        cacheId: 'city-kiosk',
        navigateFallback: null,
        runtimeCaching,
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        inlineWorkboxRuntime: true,
        mode: 'production',
        sourcemap: false,
      });
      if (warnings.length > 0) throw new Error(`kiosk offline shell: ${warnings.join('; ')}`);
      if (count !== files.length)
        throw new Error(`kiosk offline shell: ${count} files precached of ${files.length}`);
      this.info(`${KIOSK_WORKER}: ${count} files precached for the kiosk (${(size / 1024).toFixed(1)} kB)`);
    },
  };
}
