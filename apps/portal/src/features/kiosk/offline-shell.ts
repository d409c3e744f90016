/**
 * Kiosk mode's offline shell: the service worker the build makes (apps/portal/kiosk-offline.mts),
 * registered from here only, for the kiosk's addresses (`/kiosk`, `/kiosk/...`), so a kiosk whose
 * browser restarts while the network is down still starts. The citizen portal at `/` has no worker.
 *
 * The scope is `/kiosk` rather than `/kiosk/`: the kiosk's home is `/kiosk`, which a `/kiosk/` scope
 * would not cover.
 */
const WORKER = `${import.meta.env.BASE_URL}kiosk-sw.js`;
const SCOPE = `${import.meta.env.BASE_URL}kiosk`;
const CONFIG = `${import.meta.env.BASE_URL}config.json`;

let started = false;
/** A newer build's worker has taken over this page: the kiosk reloads into it at its next fresh start. */
let replaced = false;

/**
 * Registers the worker (once; not in Vite's dev server, which has none, nor where the browser has no
 * service workers: an `http://` address other than localhost is not a secure context).
 */
export function startOfflineShell(): void {
  if (started || import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  started = true;
  const sw = navigator.serviceWorker;
  let controller = sw.controller;
  sw.addEventListener('controllerchange', () => {
    if (controller) replaced = true;
    controller = sw.controller;
    // The page that installed the worker read /config.json before the worker was there: read it
    // again through the worker, so a restart without the network finds it.
    void fetch(CONFIG, { cache: 'no-store' }).catch(() => undefined);
  });
  sw.register(WORKER, { scope: SCOPE }).catch(() => undefined);
}

/** Asks whether a new build is deployed (its worker installs and takes over in the background). */
export function checkForNewBuild(): void {
  if (!started) return;
  navigator.serviceWorker
    .getRegistration(SCOPE)
    .then((r) => r?.update())
    .catch(() => undefined);
}

/**
 * At a fresh start: when a newer build's worker has taken over since this page loaded, reloads the
 * kiosk into that build (from the worker, so offline too) and says so; else nothing.
 */
export function reloadIntoNewBuild(): boolean {
  if (!replaced) return false;
  window.location.replace(SCOPE);
  return true;
}
