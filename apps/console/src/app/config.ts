import { createContext, useContext } from 'react';

/** Read at start from /config.json, so one build runs in any city's deployment. */
export interface ConsoleConfig {
  oidcAuthority: string;
  oidcClientId: string;
  defaultCountry: string;
}

export const ConfigContext = createContext<ConsoleConfig>({
  oidcAuthority: '',
  oidcClientId: '',
  defaultCountry: 'GB',
});
export const useConfig = () => useContext(ConfigContext);

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`/config.json: ${res.status}`);
  return (await res.json()) as ConsoleConfig;
}
