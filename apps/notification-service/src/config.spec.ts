import { loadNotificationConfig } from './config';

describe('notification-service configuration', () => {
  it('the SMS provider calls us with a token of its own: SMS_INBOUND_TOKEN, which may not be the token we send with', () => {
    expect(
      loadNotificationConfig({
        SMS_PROVIDER_TOKEN: 'provider-token-for-sending',
        SMS_INBOUND_TOKEN: 'provider-token-for-replies',
      }),
    ).toMatchObject({
      SMS_PROVIDER_TOKEN: 'provider-token-for-sending',
      SMS_INBOUND_TOKEN: 'provider-token-for-replies',
    });
    expect(() =>
      loadNotificationConfig({
        SMS_PROVIDER_TOKEN: 'one-token-for-everything',
        SMS_INBOUND_TOKEN: 'one-token-for-everything',
      }),
    ).toThrow(/SMS_INBOUND_TOKEN: .*not be SMS_PROVIDER_TOKEN/);
    expect(() => loadNotificationConfig({ SMS_INBOUND_TOKEN: 'short' })).toThrow(/SMS_INBOUND_TOKEN/);
  });

  it('prunes the outbox a day after publishing and the inbox after 45 days by default; an inbox kept shorter than the topics keep events is refused', () => {
    expect(loadNotificationConfig({})).toMatchObject({
      OUTBOX_RETENTION_HOURS: 24,
      INBOX_RETENTION_DAYS: 45,
      PRUNE_INTERVAL_MS: 3_600_000,
    });
    expect(loadNotificationConfig({ OUTBOX_RETENTION_HOURS: '2', INBOX_RETENTION_DAYS: '60' })).toMatchObject(
      { OUTBOX_RETENTION_HOURS: 2, INBOX_RETENTION_DAYS: 60 },
    );
    expect(() => loadNotificationConfig({ INBOX_RETENTION_DAYS: '7' })).toThrow(
      /INBOX_RETENTION_DAYS: must be longer than the 30 days topics keep events/,
    );
  });
});
