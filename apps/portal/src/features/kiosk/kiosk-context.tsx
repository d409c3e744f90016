import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { AcceptedResponse, KioskBatchResponse, KioskItem } from '@city/contracts';
import { referenceFromKey } from '@city/domain-intake';
import { ApiError } from '@city/web-kit';
import { LANGUAGES } from '../../shared/i18n/i18n';
import { warmCatalogue } from './catalogue-cache';
import { forgetDevice, storeDevice, storedDevice, whoIs, type KioskDevice } from './device';
import { clearRejectedCount, idbPendingStore, rejectedCount } from './idb-pending-store';
import { deviceApi, isUnreachable } from './kiosk-api';
import { Outbox, UploadSchedule, type SyncResult } from './outbox';

/** How long a kiosk waits for the gateway before it keeps a request on the device instead. */
const SUBMIT_TIMEOUT_MS = 15_000;
const BATCH_TIMEOUT_MS = 60_000;

const withTimeout = <T,>(p: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new TypeError('timed out')), ms);
    p.then(resolve, reject).finally(() => clearTimeout(t));
  });

export interface OutboxState {
  /** This device's requests kept on it, waiting to be sent. */
  pending: number;
  /** Requests kept under another device id (signed in as another device since): only that device can send them. */
  otherDevices: number;
  /** Kept requests the gateway refused, since staff last cleared the count. */
  rejected: number;
  syncing: boolean;
  last: { at: string; result: SyncResult } | null;
}

interface KioskState {
  device: KioskDevice | null;
  /** The gateway refused this device's token (it was withdrawn): staff must sign the kiosk in again. */
  refused: boolean;
  online: boolean;
  outbox: OutboxState;
  signIn(device: KioskDevice): void;
  signOut(): void;
  /**
   * Sends a citizen's request live; when the services cannot be reached it is kept on the device
   * instead. Either way the reference comes back at once (the gateway's, or the same one derived here).
   */
  submit(item: KioskItem): Promise<{ reference: string; kept: boolean }>;
  syncNow(): Promise<void>;
  clearRejected(): Promise<void>;
}

const KioskContext = createContext<KioskState | null>(null);
export const useKiosk = (): KioskState => {
  const k = useContext(KioskContext);
  if (!k) throw new Error('useKiosk outside the kiosk');
  return k;
};

/** The reference the gateway gives a kiosk's item: derived from the tenant, the device and the item's key. */
export const kioskReference = (device: KioskDevice, itemKey: string) =>
  referenceFromKey(device.tenantId, `kiosk:${device.deviceId}:${itemKey}`);

/**
 * The kiosk's device and its outbox: requests kept while offline go up through the batch route at
 * start, when the browser says it is online again, and on a timer that backs off while they fail
 * (`UploadSchedule`, which sets the next try after a failed one, whatever the failure).
 */
export function KioskProvider({ children }: { children: ReactNode }) {
  const [device, setDevice] = useState<KioskDevice | null>(storedDevice);
  const [refused, setRefused] = useState(false);
  const [online, setOnline] = useState(() => navigator.onLine);
  const [outboxState, setOutboxState] = useState<OutboxState>({
    pending: 0,
    otherDevices: 0,
    rejected: 0,
    syncing: false,
    last: null,
  });
  const outbox = useMemo(
    () =>
      device
        ? new Outbox(idbPendingStore, (batch) =>
            withTimeout(
              deviceApi(device).send<KioskBatchResponse>('gateway', 'POST', '/api/v1/kiosk/batches', batch),
              BATCH_TIMEOUT_MS,
            ),
          )
        : null,
    [device],
  );
  /** When kept requests go up (outbox.ts): one schedule per signed-in device, stopped when it changes. */
  const uploads = useRef<UploadSchedule | null>(null);

  const count = useCallback(
    () =>
      Promise.all([idbPendingStore.all().catch(() => []), rejectedCount().catch(() => 0)]).then(
        ([all, rejected]) => {
          const mine = all.filter((p) => p.deviceId === device?.deviceId).length;
          setOutboxState((s) => ({ ...s, pending: mine, otherDevices: all.length - mine, rejected }));
        },
      ),
    [device],
  );

  useEffect(() => {
    void count();
    if (!device || !outbox) return;
    const schedule = new UploadSchedule(outbox, device.deviceId, {
      online: () => navigator.onLine,
      started: () => setOutboxState((s) => ({ ...s, syncing: true })),
      ended: async (result) => {
        if (result.error instanceof ApiError && result.error.status === 401) setRefused(true);
        setOutboxState((s) => ({
          ...s,
          syncing: false,
          last: result.sent > 0 || result.error ? { at: new Date().toISOString(), result } : s.last,
        }));
        await count();
      },
    });
    uploads.current = schedule;
    // What was kept before a reload (or a power cut) goes up at once.
    const first = setTimeout(() => void schedule.now(), 0);
    // Who the gateway says this token is, once at start (a withdrawn token is found at once).
    whoIs(device.token).then(
      () => setRefused(false),
      (e: unknown) => setRefused(e instanceof ApiError && e.status === 401),
    );
    void warmCatalogue(LANGUAGES);
    const up = () => {
      setOnline(true);
      void schedule.now(true);
      void warmCatalogue(LANGUAGES);
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      clearTimeout(first);
      schedule.stop();
      if (uploads.current === schedule) uploads.current = null;
    };
  }, [device, outbox, count]);

  const value = useMemo<KioskState>(
    () => ({
      device,
      refused,
      online,
      outbox: outboxState,
      signIn: (d) => {
        storeDevice(d);
        setRefused(false);
        setDevice(d);
      },
      signOut: () => {
        // What this device kept stays: it goes up once the device is signed in again as itself.
        forgetDevice();
        uploads.current?.stop();
        setDevice(null);
      },
      submit: async (item) => {
        if (!device || !outbox) throw new Error('the kiosk is not signed in');
        if (navigator.onLine) {
          try {
            const answer = await withTimeout(
              deviceApi(device).send<AcceptedResponse>('gateway', 'POST', '/api/v1/kiosk/requests', item),
              SUBMIT_TIMEOUT_MS,
            );
            return { reference: answer.reference, kept: false };
          } catch (e) {
            // A withdrawn token: the request is kept until staff sign the kiosk in again.
            if (e instanceof ApiError && e.status === 401) setRefused(true);
            else if (!isUnreachable(e)) throw e;
          }
        }
        const reference = kioskReference(device, item.idempotencyKey);
        // Stored before the citizen is told the reference; the batch route sends it later, under the same key.
        await outbox.keep({ deviceId: device.deviceId, reference, item });
        await count();
        uploads.current?.later();
        return { reference, kept: true };
      },
      syncNow: async () => {
        await uploads.current?.now(true);
      },
      clearRejected: async () => {
        await clearRejectedCount();
        await count();
      },
    }),
    [device, refused, online, outboxState, outbox, count],
  );
  return <KioskContext value={value}>{children}</KioskContext>;
}
