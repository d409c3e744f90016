import { createContext, useContext } from 'react';
import type { MapCentre, MapTiles } from '@city/web-request-form';

/** Read at start from /config.json, so one build serves any city. */
export interface PortalConfig {
  defaultCountry: string;
  cityName: string;
  /** The languages the city speaks to its people, its own first (all three when not given). */
  languages?: Array<'en' | 'nl' | 'sv'>;
  /** The identity provider's realm and the portal's client there (citizens sign in, optionally). */
  oidcAuthority: string;
  oidcClientId: string;
  /** The largest file the case-service takes (its DOCUMENT_MAX_BYTES), for the hints beside the file fields. */
  documentMaxBytes: number;
  /** The city's tile server and where its map opens; without them the report form has no map. */
  mapTiles?: MapTiles;
  mapCentre?: MapCentre;
  /** Kiosk mode (/kiosk): seconds without a touch before the screen starts again (90 when not given). */
  kioskIdleSeconds?: number;
  /** Kiosk mode: the office whose counters are at each kiosk's location, by device id ("take a ticket"). */
  kioskOffices?: Record<string, string>;
}

export async function loadConfig(): Promise<PortalConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`/config.json: ${res.status}`);
  return (await res.json()) as PortalConfig;
}

export const ConfigContext = createContext<PortalConfig>({
  defaultCountry: 'GB',
  cityName: '',
  oidcAuthority: '',
  oidcClientId: '',
  documentMaxBytes: 10 * 1024 * 1024,
});
export const useConfig = () => useContext(ConfigContext);
