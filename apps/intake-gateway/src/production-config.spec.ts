import { loadGatewayConfig } from './config';

describe('intake-gateway in production', () => {
  const strong = (n: string) => `${n}-x8Vd0Xw2nL5rT1yB7mC4kZ9pH3sJ6fG0aE2uI8o`;

  it('refuses to start without secrets of its own, naming each', () => {
    expect(() => loadGatewayConfig({ NODE_ENV: 'production' })).toThrow(
      /AUTH_ISSUER: is not set[\s\S]*TELEPHONY_WEBHOOK_SECRET: is not set[\s\S]*AUTH_CLIENT_SECRET: is not set/,
    );
    expect(() =>
      loadGatewayConfig({
        NODE_ENV: 'production',
        TELEPHONY_WEBHOOK_SECRET: 'demo-telephony-secret',
        AUTH_CLIENT_SECRET: 'change-me-please-change-me-please-123',
      }),
    ).toThrow(
      /TELEPHONY_WEBHOOK_SECRET: is a demo value[\s\S]*AUTH_CLIENT_SECRET: still starts with change-me/,
    );
  });

  /** What production needs besides the clients file: its issuer and secrets of its own. */
  const production = {
    NODE_ENV: 'production',
    AUTH_ISSUER: 'https://id.city.example/realms/city',
    TELEPHONY_WEBHOOK_SECRET: strong('t'),
    AUTH_CLIENT_SECRET: strong('c'),
    PRIVACY_MASTER_KEY: strong('p'),
  };

  it('refuses the demo clients file, whose keys are in the README', () => {
    const env = production;
    expect(() => loadGatewayConfig(env)).toThrow(/CLIENTS_FILE: is the demo's file/);
    expect(loadGatewayConfig({ ...env, CLIENTS_FILE: '/etc/city/clients.yaml' }).CLIENTS_FILE).toBe(
      '/etc/city/clients.yaml',
    );
  });

  it("a city's own telephony secret: JSON, for a city served here, as strong as the shared one", () => {
    const env = { ...production, CLIENTS_FILE: '/etc/city/clients.yaml', CITIES: 'default,goteborg' };
    expect(
      loadGatewayConfig({ ...env, TELEPHONY_WEBHOOK_SECRETS: JSON.stringify({ goteborg: strong('g') }) })
        .TELEPHONY_WEBHOOK_SECRETS,
    ).toEqual({ goteborg: strong('g') });
    expect(() => loadGatewayConfig({ ...env, TELEPHONY_WEBHOOK_SECRETS: 'goteborg=secret' })).toThrow(
      /TELEPHONY_WEBHOOK_SECRETS: is not JSON/,
    );
    expect(() =>
      loadGatewayConfig({ ...env, TELEPHONY_WEBHOOK_SECRETS: JSON.stringify({ malmo: strong('m') }) }),
    ).toThrow(/TELEPHONY_WEBHOOK_SECRETS\.malmo: is not a city served here/);
    expect(() =>
      loadGatewayConfig({
        ...env,
        TELEPHONY_WEBHOOK_SECRETS: JSON.stringify({ goteborg: 'demo-goteborg-telephony' }),
      }),
    ).toThrow(/TELEPHONY_WEBHOOK_SECRETS\.goteborg: is a demo value/);
  });
});
