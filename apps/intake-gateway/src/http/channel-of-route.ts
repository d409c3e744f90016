import type { Channel } from '@city/contracts';

/**
 * The channel a gateway route serves, for the request metrics: kiosks, counters, the phone (agents
 * and the IVR), and the web (the portal's API and Open311, which is the web channel). Other routes
 * (health, docs) are `none`.
 */
export function channelOfRoute(route: string): Channel | 'none' {
  if (route.startsWith('/api/v1/kiosk')) return 'kiosk';
  if (route.startsWith('/api/v1/counter')) return 'counter';
  if (route.startsWith('/api/v1/phone') || route.startsWith('/api/v1/ivr')) return 'phone';
  if (route.startsWith('/open311/') || /^\/api\/v1\/(requests|services)\b/.test(route)) return 'web';
  return 'none';
}
