import { useEffect } from 'react';
import { useApi } from '../../shared/api/client';

/** How often a signed-in member of staff tells the workflow-service they are here (it counts two minutes). */
const EVERY_MS = 60_000;

/**
 * While a member of staff has the console open, it reports them present, so a supervisor sees who is
 * signed in beside their load. Without a work profile there is nothing to mark (404), and that is fine.
 */
export function Presence() {
  const api = useApi();
  useEffect(() => {
    const report = () =>
      void api.send('workflow', 'POST', '/api/v1/agents/me/presence').catch(() => undefined);
    report();
    const id = setInterval(report, EVERY_MS);
    return () => clearInterval(id);
  }, [api]);
  return null;
}
