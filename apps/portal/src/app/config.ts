import { createContext, useContext } from 'react';

/** Read at start from /config.json, so one build serves any city. */
export interface PortalConfig {
  defaultCountry: string;
  cityName: string;
}

export async function loadConfig(): Promise<PortalConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`/config.json: ${res.status}`);
  return (await res.json()) as PortalConfig;
}

export const ConfigContext = createContext<PortalConfig>({ defaultCountry: 'GB', cityName: '' });
export const useConfig = () => useContext(ConfigContext);
