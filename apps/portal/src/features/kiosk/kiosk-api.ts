import { ApiError, createApi } from '@city/web-kit';
import type { KioskDevice } from './device';

/** The gateway's kiosk routes, with the device's token. */
export const deviceApi = (device: KioskDevice) => createApi(() => device.token);

/**
 * Whether a failure means "the city's services cannot be reached now" (keep the request on the
 * device and send it later) rather than "this request is wrong" (show why): no connection, the
 * browser offline, a timeout, or a server or proxy error (5xx), or the gateway's 503 while Kafka is down.
 */
export function isUnreachable(e: unknown): boolean {
  if (e instanceof ApiError) return e.status >= 500 || e.status === 408 || e.status === 429;
  // fetch() rejects with a TypeError when there is no connection.
  return e instanceof TypeError;
}
