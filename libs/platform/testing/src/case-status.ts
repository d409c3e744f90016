import { asUser, type DemoUser } from './keycloak-tokens';

/**
 * An agent changes a case (`POST /api/v1/cases/{reference}/{action}`: status, notes, links...) as the
 * console does: with the version they read, read again after a 409 (the workflow's facts move a case's
 * version on while it is routed and its clocks are set), and again while the case is not yet recorded.
 * The last answer's status: 200 or 201 once the change is made.
 */
export async function changeCase(
  casesUrl: string,
  reference: string,
  action: string,
  body: Record<string, unknown>,
  agent: DemoUser = 'agent-17',
): Promise<number> {
  let status = 0;
  for (let attempt = 0; attempt < 20; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 200));
    const read = await fetch(`${casesUrl}/api/v1/cases/${reference}`, { headers: await asUser(agent) });
    if (!read.ok) {
      status = read.status;
      continue;
    }
    const { case: c } = (await read.json()) as { case: { version: number } };
    status = (
      await fetch(`${casesUrl}/api/v1/cases/${reference}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await asUser(agent)) },
        body: JSON.stringify({ ...body, expectedVersion: c.version }),
      })
    ).status;
    if (status !== 409) return status;
  }
  return status;
}

/** An agent moves a case on (`POST /api/v1/cases/{reference}/status`), as `changeCase`: 200 once it moved. */
export const moveCase = (
  casesUrl: string,
  reference: string,
  change: { status: string; reason: string },
  agent: DemoUser = 'agent-17',
): Promise<number> => changeCase(casesUrl, reference, 'status', change, agent);
