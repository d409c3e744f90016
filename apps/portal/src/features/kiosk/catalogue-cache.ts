import { createStore, get, set, type UseStore } from 'idb-keyval';
import type { ServiceDefinition } from '@city/contracts';
import { api } from '../../shared/api/client';
import type { ServiceSummary } from '../../shared/types';

let store: UseStore | null = null;
const open = () => (store ??= createStore('city-kiosk-catalogue', 'catalogue'));

/**
 * The catalogue as the kiosk last saw it: each answer is kept, and used when the services cannot
 * be reached, so an offline kiosk still shows its services and their forms. (Nothing of a citizen
 * is kept here: only what the city publishes.)
 */
async function networkFirst<T>(key: string, load: () => Promise<T>): Promise<T> {
  try {
    const fresh = await load();
    await set(key, fresh, open()).catch(() => undefined);
    return fresh;
  } catch (e) {
    const kept = await get<T>(key, open()).catch(() => undefined);
    if (kept !== undefined) return kept;
    throw e;
  }
}

export const kioskServices = (language: string) =>
  networkFirst(`services:${language}`, () =>
    api.get<ServiceSummary[]>('gateway', `/api/v1/services?channel=kiosk&lang=${language}`),
  );

export const serviceDefinition = (code: string) =>
  networkFirst(`definition:${code}`, () =>
    api.get<{ service: ServiceDefinition }>('workflow', `/api/v1/catalogue/services/${code}`),
  );

/**
 * Fetches the kiosk's services in every language and each one's form, so that all of them work
 * offline later; at start and when the network comes back. Failures are left for the next time.
 */
export async function warmCatalogue(languages: readonly string[]): Promise<void> {
  const lists = await Promise.all(languages.map((l) => kioskServices(l).catch(() => [])));
  const codes = [...new Set(lists.flat().map((s) => s.code))];
  for (const code of codes) await serviceDefinition(code).catch(() => undefined);
}
