/**
 * Real tokens from the real Keycloak that `tools/infra up` starts (demo/keycloak/city-realm.json):
 * no test makes its own. Users sign in with the password grant of the development realm's `city-cli`
 * client (password `demo-<username>`); services with their client credentials.
 */
export const TEST_ISSUER = process.env.AUTH_ISSUER ?? 'http://localhost:8080/realms/city';

/** The demo realm's users (README: demo table). */
export type DemoUser =
  | 'anna'
  | 'lars'
  | 'agent-17'
  | 'agent-18'
  | 'clerk-9'
  | 'clerk-2'
  | 'supervisor-1'
  | 'ops-1'
  | 'admin-1'
  | 'agent-other'
  | 'supervisor-other'
  | 'admin-other'
  | 'karin';

const cache = new Map<string, { token: Promise<string>; until: number }>();

async function tokenRequest(
  form: Record<string, string>,
  issuer: string,
): Promise<{ access_token: string; expires_in: number }> {
  const ask = () =>
    fetch(`${issuer}/protocol/openid-connect/token`, { method: 'POST', body: new URLSearchParams(form) });
  let res = await ask();
  // Test processes run side by side (Jest workers), and Keycloak's brute-force protection refuses a
  // sign-in of a user while another of the same user is under way ("Invalid user credentials" or
  // "user_temporarily_disabled"), however right the password. Another process's sign-in of the same
  // demo user is such a one: asked again a moment later, it succeeds.
  for (let attempt = 1; attempt < 8 && res.status === 401 && form.grant_type === 'password'; attempt++) {
    await new Promise((r) => setTimeout(r, 250 * attempt + Math.random() * 250));
    res = await ask();
  }
  if (!res.ok)
    throw new Error(
      `Keycloak refused a token for ${form.username ?? form.client_id}: ${res.status} ${await res.text()}`,
    );
  return (await res.json()) as { access_token: string; expires_in: number };
}

/**
 * One token request per user at a time: concurrent sign-ins of one user are refused by Keycloak's
 * brute-force protection (`user_temporarily_disabled`), as a double-clicked login would be.
 */
async function cached(
  key: string,
  get: () => Promise<{ access_token: string; expires_in: number }>,
): Promise<string> {
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.token;
  const entry: { token: Promise<string>; until: number } = {
    token: get().then((t) => ((entry.until = Date.now() + (t.expires_in - 30) * 1000), t.access_token)),
    until: Number.MAX_SAFE_INTEGER,
  };
  cache.set(key, entry);
  entry.token.catch(() => cache.delete(key));
  return entry.token;
}

/** A demo user's access token (cached while it has more than 30 s to live). */
export function tokenOf(user: DemoUser, issuer = TEST_ISSUER): Promise<string> {
  return cached(`${issuer}|${user}`, () =>
    tokenRequest(
      {
        grant_type: 'password',
        client_id: 'city-cli',
        username: user,
        password: `demo-${user}`,
        scope: 'openid',
      },
      issuer,
    ),
  );
}

/** A token that expires 2 s after it is issued (the realm's `city-cli-short-lived` client); never cached. */
export async function shortLivedTokenOf(user: DemoUser, issuer = TEST_ISSUER): Promise<string> {
  return (
    await tokenRequest(
      { grant_type: 'password', client_id: 'city-cli-short-lived', username: user, password: `demo-${user}` },
      issuer,
    )
  ).access_token;
}

/** A service's token from its client credentials (demo secrets are `demo-<client>-secret`). */
export function serviceTokenOf(
  clientId: 'intake-gateway' | 'notification-service',
  issuer = TEST_ISSUER,
): Promise<string> {
  return cached(`${issuer}|svc|${clientId}`, () =>
    tokenRequest(
      { grant_type: 'client_credentials', client_id: clientId, client_secret: `demo-${clientId}-secret` },
      issuer,
    ),
  );
}

/** `{ authorization: 'Bearer …' }` for a demo user, to spread into fetch headers. */
export async function asUser(user: DemoUser): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await tokenOf(user)}` };
}
