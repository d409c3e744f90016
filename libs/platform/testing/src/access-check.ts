import { randomUUID } from 'node:crypto';
import { policyLine, type RoutePolicy } from '@city/platform-auth';
import { referenceFromKey } from '@city/domain-intake';
import { shortLivedTokenOf, TEST_ISSUER, tokenOf, serviceTokenOf, type DemoUser } from './keycloak-tokens';

/** A demo user for each role (demo/keycloak/city-realm.json). */
const USER_OF_ROLE: Record<string, DemoUser> = {
  citizen: 'anna',
  agent: 'agent-17',
  clerk: 'clerk-9',
  supervisor: 'supervisor-1',
  ops: 'ops-1',
  admin: 'admin-1',
};
/** The roles each of those users' tokens carry (a supervisor is an agent too, in the realm). */
const ROLES_OF_USER: Record<string, string[]> = {
  anna: ['citizen'],
  'agent-17': ['agent'],
  'clerk-9': ['clerk'],
  'supervisor-1': ['supervisor', 'agent'],
  'ops-1': ['ops'],
  'admin-1': ['admin'],
};
const SERVICES = ['intake-gateway', 'notification-service'] as const;

/** Path parameters filled with well-formed values, so a refusal is the guard's and not the parser's. */
const SAMPLE: Record<string, () => string> = {
  reference: () => referenceFromKey('default', randomUUID()),
  id: () => randomUUID(),
  caseId: () => randomUUID(),
  mergeId: () => randomUUID(),
  agentId: () => 'me',
  office: () => 'town-hall',
  queue: () => 'highways',
  code: () => 'pothole',
};

export interface AccessCase {
  route: string;
  who: string;
  expected: string;
  got: number;
}

/**
 * Tries every route that is not public with: no token, an expired token, a token whose payload was
 * changed after signing, a token signed by another realm's key, another city's token, a token of a
 * role the route does not allow, and one it does. Returns each try with what it answered, so a
 * test can assert the whole table at once and show every route that lets the wrong caller in.
 */
export async function tryAccess(baseUrl: string, routes: RoutePolicy[]): Promise<AccessCase[]> {
  const expired = await shortLivedTokenOf('agent-17');
  const [h, p, s] = (await tokenOf('agent-17')).split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  const forged = [
    h,
    Buffer.from(JSON.stringify({ ...claims, realm_access: { roles: Object.keys(USER_OF_ROLE) } })).toString(
      'base64url',
    ),
    s,
  ].join('.');
  const masterRes = await fetch(
    `${new URL(TEST_ISSUER).origin}/realms/master/protocol/openid-connect/token`,
    {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'admin-cli',
        username: process.env.KEYCLOAK_ADMIN ?? 'admin',
        password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'demo-keycloak-admin',
      }),
    },
  );
  const otherKey = ((await masterRes.json()) as { access_token: string }).access_token;
  // Wait until the short-lived token is past its expiry and the services' clock tolerance (5 s by default).
  const exp = (JSON.parse(Buffer.from(expired.split('.')[1], 'base64url').toString()) as { exp: number }).exp;
  await new Promise((r) =>
    setTimeout(
      r,
      Math.max(0, exp * 1000 + (Number(process.env.AUTH_CLOCK_TOLERANCE_S ?? 5) + 1) * 1000 - Date.now()),
    ),
  );

  const out: AccessCase[] = [];
  for (const r of routes) {
    if (!r.policy || 'public' in r.policy) continue;
    const { roles, services } = r.policy.allow;
    const [method, pattern] = r.route.split(' ');
    const path = pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(SAMPLE[name]?.() ?? 'x'));
    const call = async (token: string | null) => {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
        },
        body: method === 'GET' ? undefined : '{}',
      });
      // Only the status counts; a stream (server-sent events) would never end.
      await res.body?.cancel();
      return res.status;
    };
    // Every demo role the route does not allow is tried, each with its own user.
    const wrongUsers = (Object.keys(ROLES_OF_USER) as DemoUser[]).filter(
      (u) => !ROLES_OF_USER[u].some((r) => (roles as string[]).includes(r)),
    );
    const rightUser = roles.map((role) => USER_OF_ROLE[role]).find(Boolean);
    const wrongService = SERVICES.find((x) => !services.includes(x));
    const tries: Array<[who: string, expected: string, token: () => Promise<string | null>]> = [
      ['no token', '401', async () => null],
      ['an expired token', '401', async () => expired],
      ['a token changed after signing', '401', async () => forged],
      ["a token signed by another realm's key", '401', async () => otherKey],
      ["another city's agent", '403', () => tokenOf('agent-other')],
      ...wrongUsers.map(
        (u) =>
          [`${u} (${ROLES_OF_USER[u].join('+')}, not allowed)`, '403', () => tokenOf(u)] as [
            string,
            string,
            () => Promise<string>,
          ],
      ),
      ...(wrongService
        ? [
            [`the ${wrongService} (a service not allowed)`, '403', () => serviceTokenOf(wrongService)] as [
              string,
              string,
              () => Promise<string>,
            ],
          ]
        : []),
      ...(rightUser
        ? [
            [`${rightUser} (allowed)`, 'allowed', () => tokenOf(rightUser)] as [
              string,
              string,
              () => Promise<string>,
            ],
          ]
        : []),
      ...services
        .filter((x): x is (typeof SERVICES)[number] => (SERVICES as readonly string[]).includes(x))
        .map(
          (x) =>
            [`the ${x} (allowed)`, 'allowed', () => serviceTokenOf(x)] as [
              string,
              string,
              () => Promise<string>,
            ],
        ),
    ];
    for (const [who, expected, token] of tries)
      out.push({ route: r.route, who, expected, got: await call(await token()) });
  }
  return out;
}

/** The tries that did not answer as expected (`allowed`: anything but 401 and 403). */
export const accessFailures = (cases: AccessCase[]) =>
  cases
    .filter((c) => (c.expected === 'allowed' ? c.got === 401 || c.got === 403 : String(c.got) !== c.expected))
    .map((c) => `${c.route} with ${c.who}: expected ${c.expected}, got ${c.got}`);

/**
 * The access table of one app as a test: every route that is not public, tried over HTTP with real
 * tokens (see tryAccess); the app is started by `start` and closed afterwards.
 */
export function describeAccess(o: {
  app: string;
  routes: () => RoutePolicy[];
  start: () => Promise<{ url: string; close: () => Promise<void> }>;
  atLeast: number;
}): void {
  describe(`${o.app}: who may call what (real Keycloak)`, () => {
    let running: { url: string; close: () => Promise<void> } | undefined;
    beforeAll(async () => {
      running = await o.start();
    }, 90_000);
    afterAll(async () => running?.close());

    it('refuses every caller a route does not allow, and lets in those it does', async () => {
      const tries = await tryAccess(running!.url, o.routes());
      expect(accessFailures(tries)).toEqual([]);
      expect(tries.filter((t) => t.expected !== 'allowed').length).toBeGreaterThanOrEqual(o.atLeast);
    }, 60_000);
  });
}

/**
 * An app's routes against the table of who may call each, decided by people: a route without a
 * policy, or one whose policy is not the table's (a new route too), fails here.
 */
export function describeRoutePolicies(
  app: string,
  routes: () => RoutePolicy[],
  expected: Array<[route: string, who: string]>,
): void {
  describe(`${app}: every route declares who may call it`, () => {
    it('no route is without a policy', () => {
      expect(
        routes()
          .filter((r) => !r.policy)
          .map((r) => `${r.controller}: ${r.route}`),
      ).toEqual([]);
    });

    it('the policies are the ones decided', () => {
      expect(routes().map((r) => [r.route, policyLine(r.policy)])).toEqual(expected);
    });
  });
}
