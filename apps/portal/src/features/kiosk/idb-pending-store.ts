import { createStore, del, delMany, get, set, update, values, type UseStore } from 'idb-keyval';
import type { PendingRequest, PendingStore } from './outbox';

let stores: { items: UseStore; counters: UseStore } | null = null;
/** Opened on first use, one database each (nothing else the portal keeps can clear them). */
const open = () =>
  (stores ??= {
    items: createStore('city-kiosk-outbox', 'pending'),
    counters: createStore('city-kiosk-counters', 'counters'),
  });

/**
 * The outbox in the browser's IndexedDB (idb-keyval): it survives a reload, a crash and a power
 * cut, has room for thousands of requests (and, later, their photos), and a write has completed
 * before the citizen is told their reference.
 */
export const idbPendingStore: PendingStore = {
  all: () => values<PendingRequest>(open().items),
  put: (p) => set(p.item.idempotencyKey, p, open().items),
  remove: (keys) => (keys.length ? delMany(keys, open().items) : Promise.resolve()),
  countRejected: (n) => update<number>('rejected', (was) => (was ?? 0) + n, open().counters),
};

/** How many kept requests the gateway refused since staff last cleared the count. */
export const rejectedCount = async (): Promise<number> =>
  (await get<number>('rejected', open().counters)) ?? 0;

export const clearRejectedCount = (): Promise<void> => del('rejected', open().counters);
