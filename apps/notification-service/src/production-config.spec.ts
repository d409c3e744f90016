import { loadNotificationConfig } from './config';

describe('notification-service in production', () => {
  it('refuses to start without secrets of its own, naming each', () => {
    expect(() => loadNotificationConfig({ NODE_ENV: 'production' })).toThrow(
      /SMS_PROVIDER_TOKEN: is not set[\s\S]*SMS_INBOUND_TOKEN: is not set[\s\S]*OPT_OUT_SECRET: is not set[\s\S]*AUTH_CLIENT_SECRET: is not set/,
    );
    expect(() =>
      loadNotificationConfig({
        NODE_ENV: 'production',
        SMS_PROVIDER_TOKEN: 'short-token-16chars',
        SMS_INBOUND_TOKEN: 'demo-sms-inbound-token-that-is-long-enough',
        OPT_OUT_SECRET: 'change-me-opt-out-secret-long-enough-now',
        AUTH_CLIENT_SECRET: 'x'.repeat(40),
      }),
    ).toThrow(
      /SMS_PROVIDER_TOKEN: is shorter than 32 bytes[\s\S]*SMS_INBOUND_TOKEN: is a demo value[\s\S]*OPT_OUT_SECRET: still starts with change-me/,
    );
  });

  it('starts with long secrets of its own', () => {
    const s = (n: string) => `${n}-q8Vd0Xw2nL5rT1yB7mC4kZ9pH3sJ6fG0aE2u`;
    expect(
      loadNotificationConfig({
        NODE_ENV: 'production',
        AUTH_ISSUER: 'https://id.city.example/realms/city',
        SMS_PROVIDER_TOKEN: s('p'),
        SMS_INBOUND_TOKEN: s('i'),
        OPT_OUT_SECRET: s('o'),
        AUTH_CLIENT_SECRET: s('c'),
        PRIVACY_MASTER_KEY: s('k'),
      }).NODE_ENV,
    ).toBe('production');
  });
});
