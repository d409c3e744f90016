import type { KioskDeviceView } from '@city/contracts';
import { ApiError } from '@city/web-kit';

/** The kiosk's sign-in, kept on the device: its token and who the gateway says it is. */
export interface KioskDevice extends KioskDeviceView {
  token: string;
}

const KEY = 'kiosk.device';

export function storedDevice(): KioskDevice | null {
  try {
    const d = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<KioskDevice> | null;
    return d?.token && d.deviceId && d.tenantId ? (d as KioskDevice) : null;
  } catch {
    return null;
  }
}

export const storeDevice = (d: KioskDevice) => localStorage.setItem(KEY, JSON.stringify(d));
export const forgetDevice = () => localStorage.removeItem(KEY);

/** Asks the gateway who a device token belongs to (`GET /api/v1/kiosk/device`); an ApiError (401) if no one. */
export async function whoIs(token: string): Promise<KioskDevice> {
  const res = await fetch('/svc/gateway/api/v1/kiosk/device', {
    headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    cache: 'no-store',
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: string } | null;
    throw new ApiError(res.status, body?.message ?? res.statusText);
  }
  return { ...((await res.json()) as KioskDeviceView), token };
}

/**
 * A key for a request, made once per form: random, and made without crypto.randomUUID, which a
 * kiosk served over plain http on the city's network does not have (getRandomValues it has).
 */
export function newItemKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `k-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
