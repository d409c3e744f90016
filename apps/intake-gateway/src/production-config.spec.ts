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

  it('refuses the demo clients file, whose keys are in the README', () => {
    const env = {
      NODE_ENV: 'production',
      AUTH_ISSUER: 'https://id.city.example/realms/city',
      TELEPHONY_WEBHOOK_SECRET: strong('t'),
      AUTH_CLIENT_SECRET: strong('c'),
      PRIVACY_MASTER_KEY: strong('p'),
    };
    expect(() => loadGatewayConfig(env)).toThrow(/CLIENTS_FILE: is the demo's file/);
    expect(loadGatewayConfig({ ...env, CLIENTS_FILE: '/etc/city/clients.yaml' }).CLIENTS_FILE).toBe(
      '/etc/city/clients.yaml',
    );
  });
});
