import { authConfigSchema } from './auth-config';
import { ServiceTokens } from './service-tokens';
import { TokenVerifier } from './token-verifier';

const TEST_ISSUER = process.env.AUTH_ISSUER ?? 'http://localhost:8080/realms/city';
// Tokens asked of the real Keycloak directly (platform-testing depends on this library, not the other way).
const token = async (form: Record<string, string>) => {
  const res = await fetch(`${TEST_ISSUER}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams(form),
  });
  if (!res.ok) throw new Error(`Keycloak refused: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
};
const tokenOf = (user: string) =>
  token({ grant_type: 'password', client_id: 'city-cli', username: user, password: `demo-${user}` });
const shortLivedTokenOf = (user: string) =>
  token({
    grant_type: 'password',
    client_id: 'city-cli-short-lived',
    username: user,
    password: `demo-${user}`,
  });
const serviceTokenOf = (client: string) =>
  token({ grant_type: 'client_credentials', client_id: client, client_secret: `demo-${client}-secret` });

/** Against the real Keycloak that tools/infra starts, with the city realm's real tokens and keys. */
describe('TokenVerifier (real Keycloak)', () => {
  const config = authConfigSchema.parse({
    AUTH_ISSUER: TEST_ISSUER,
    AUTH_CLOCK_TOLERANCE_S: '0',
    AUTH_JWKS_COOLDOWN_MS: '0',
  });
  const verifier = () => new TokenVerifier(config, 'default');
  const base = new URL(TEST_ISSUER).origin;
  const status = (p: Promise<unknown>) =>
    p.then(
      () => 200,
      (e: { getStatus?: () => number }) => e.getStatus?.() ?? 0,
    );

  it("gives a user's actor: name, roles, tenant, verified email, given and family name, office", async () => {
    const actor = await verifier().verify(await tokenOf('clerk-9'));
    expect(actor).toMatchObject({
      kind: 'user',
      name: 'clerk-9',
      roles: ['clerk'],
      tenant: 'default',
      email: 'clerk-9@city.example',
      office: 'town-hall',
      clientId: 'city-cli',
    });
    // A citizen's given and family name, for the requests they make signed in.
    expect(await verifier().verify(await tokenOf('anna'))).toMatchObject({
      roles: ['citizen'],
      email: 'anna@example.org',
      givenName: 'Anna',
      familyName: 'de Vries',
    });
    // A supervisor is an agent too (a composite role in the realm).
    expect((await verifier().verify(await tokenOf('supervisor-1'))).roles.sort()).toEqual([
      'agent',
      'supervisor',
    ]);
  });

  it("gives a service's actor from its client credentials, named by its client", async () => {
    const tokens = new ServiceTokens({
      issuer: TEST_ISSUER,
      clientId: 'notification-service',
      clientSecret: 'demo-notification-service-secret',
    });
    const actor = await verifier().verify(await tokens.token());
    expect(actor).toMatchObject({
      kind: 'service',
      name: 'notification-service',
      roles: ['service'],
      tenant: 'default',
    });
    expect(await tokens.token()).toBe(await tokens.token());
  });

  it('refuses an expired token, a token with a changed payload, and one signed by another realm', async () => {
    const short = await shortLivedTokenOf('agent-17');
    expect(await status(verifier().verify(short))).toBe(200);
    await new Promise((r) => setTimeout(r, 3_100));
    await expect(verifier().verify(short)).rejects.toMatchObject({
      response: { statusCode: 401, message: expect.stringMatching(/expired/) },
    });

    const [h, p, s] = (await tokenOf('agent-17')).split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = [
      h,
      Buffer.from(JSON.stringify({ ...claims, realm_access: { roles: ['admin'] } })).toString('base64url'),
      s,
    ].join('.');
    await expect(verifier().verify(forged)).rejects.toMatchObject({
      response: { statusCode: 401, message: expect.stringMatching(/signature/) },
    });

    // The master realm signs with its own keys (and is another issuer).
    const res = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'admin-cli',
        username: 'admin',
        password: 'demo-keycloak-admin',
      }),
    });
    const master = ((await res.json()) as { access_token: string }).access_token;
    expect(await status(verifier().verify(master))).toBe(401);
  });

  it("refuses another city's token with 403", async () => {
    await expect(verifier().verify(await tokenOf('agent-other'))).rejects.toMatchObject({
      response: { statusCode: 403 },
    });
  });

  it("a service that serves several cities takes each of their people, with their city, and its deployment's services; another deployment's are refused", async () => {
    const both = new TokenVerifier(config, ['default', 'other-city']);
    expect((await both.verify(await tokenOf('agent-other'))).tenant).toBe('other-city');
    expect((await both.verify(await tokenOf('agent-17'))).tenant).toBe('default');
    // A platform service's token names its deployment's city; the city of each call it asks per call (X-City).
    expect((await both.verify(await serviceTokenOf('notification-service'))).kind).toBe('service');
    const onlyOther = new TokenVerifier(config, ['other-city']);
    for (const token of [await serviceTokenOf('notification-service'), await tokenOf('agent-17')])
      await expect(onlyOther.verify(token)).rejects.toMatchObject({ response: { statusCode: 403 } });
  });

  it("the city's administrator manages the realm's clients and users at the provider; nobody else does, and no other realm", async () => {
    const clients = async (user: string, realm = 'city') =>
      (
        await fetch(`${base}/admin/realms/${realm}/clients`, {
          headers: { authorization: `Bearer ${await tokenOf(user)}` },
        })
      ).status;
    expect(await clients('admin-1')).toBe(200);
    expect(
      (
        await fetch(`${base}/admin/realms/city/users?max=1`, {
          headers: { authorization: `Bearer ${await tokenOf('admin-1')}` },
        })
      ).status,
    ).toBe(200);
    for (const user of ['agent-17', 'supervisor-1', 'ops-1', 'anna'])
      expect([user, await clients(user)]).toEqual([user, 403]);
    expect(await clients('admin-1', 'master')).toBe(403);
  });

  it('keeps working across a key rotation, without a restart', async () => {
    const v = verifier();
    expect(await status(v.verify(await serviceTokenOf('intake-gateway')))).toBe(200);
    // An administrator adds a new signing key with a higher priority: new tokens are signed with it.
    const admin = await fetch(`${base}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'admin-cli',
        username: 'admin',
        password: 'demo-keycloak-admin',
      }),
    });
    const auth = {
      authorization: `Bearer ${((await admin.json()) as { access_token: string }).access_token}`,
      'content-type': 'application/json',
    };
    const realm = (await (await fetch(`${base}/admin/realms/city`, { headers: auth })).json()) as {
      id: string;
    };
    const keysBefore = (await (await fetch(`${base}/admin/realms/city/keys`, { headers: auth })).json()) as {
      active: Record<string, string>;
    };
    const created = await fetch(`${base}/admin/realms/city/components`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        name: `rotated-${Date.now()}`,
        providerId: 'rsa-generated',
        providerType: 'org.keycloak.keys.KeyProvider',
        parentId: realm.id,
        config: {
          priority: [String(Date.now())],
          keySize: ['2048'],
          active: ['true'],
          enabled: ['true'],
          algorithm: ['RS256'],
        },
      }),
    });
    expect(created.status).toBe(201);
    const keysAfter = (await (await fetch(`${base}/admin/realms/city/keys`, { headers: auth })).json()) as {
      active: Record<string, string>;
    };
    expect(keysAfter.active.RS256).not.toBe(keysBefore.active.RS256);
    const fresh = await fetch(`${TEST_ISSUER}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'intake-gateway',
        client_secret: 'demo-intake-gateway-secret',
      }),
    });
    const token = ((await fresh.json()) as { access_token: string }).access_token;
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid).toBe(
      keysAfter.active.RS256,
    );
    expect(await status(v.verify(token))).toBe(200);
  });
});
