import { asUser, type DemoUser } from './keycloak-tokens';

/**
 * An agent moves a case on (`POST /api/v1/cases/{reference}/status`), as the console does: with the
 * version they read, read again after a 409 (the workflow's facts move a case's version on while it
 * is routed). The last answer's status: 200 once it moved.
 */
export async function moveCase(
  casesUrl: string,
  reference: string,
  change: { status: string; reason: string },
  agent: DemoUser = 'agent-17',
): Promise<number> {
  let status = 0;
  for (let i = 0; i < 10 && status !== 200; i++) {
    const read = await fetch(`${casesUrl}/api/v1/cases/${reference}`, { headers: await asUser(agent) });
    const { case: c } = (await read.json()) as { case: { version: number } };
    status = (
      await fetch(`${casesUrl}/api/v1/cases/${reference}/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await asUser(agent)) },
        body: JSON.stringify({ ...change, expectedVersion: c.version }),
      })
    ).status;
  }
  return status;
}
