import { baseConfigSchema, loadConfig } from './config';

describe('rate-limit and proxy settings', () => {
  it('has defaults for every limit, and RATE_LIMITS overrides the ones it names', () => {
    const c = loadConfig(baseConfigSchema, {
      RATE_LIMITS: 'submission.target=2/30s, second-factor.client=7/1h',
    });
    expect(c.RATE_LIMITS['submission.target']).toEqual({ max: 2, windowMs: 30_000 });
    expect(c.RATE_LIMITS['second-factor.client']).toEqual({ max: 7, windowMs: 3_600_000 });
    expect(c.RATE_LIMITS['submission.client']).toEqual({ max: 20, windowMs: 60_000 });
    expect(c.RATE_LIMITS['second-factor.target']).toEqual({ max: 10, windowMs: 3_600_000 });
    expect(c.TRUSTED_PROXIES).toEqual([]);
  });

  it('refuses an unknown limit or a malformed one, by name', () => {
    expect(() => loadConfig(baseConfigSchema, { RATE_LIMITS: 'submision.target=2/1h' })).toThrow(
      /RATE_LIMITS.*submision\.target/s,
    );
    expect(() => loadConfig(baseConfigSchema, { RATE_LIMITS: 'submission.target=lots' })).toThrow(
      /RATE_LIMITS/,
    );
    expect(() => loadConfig(baseConfigSchema, { RATE_LIMITS: 'submission.target=0/1h' })).toThrow(
      /RATE_LIMITS/,
    );
  });

  it('reads TRUSTED_PROXIES as addresses and networks, and refuses anything else', () => {
    expect(
      loadConfig(baseConfigSchema, { TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,::1, fd00::/8,loopback' })
        .TRUSTED_PROXIES,
    ).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback']);
    expect(() => loadConfig(baseConfigSchema, { TRUSTED_PROXIES: 'proxy.internal' })).toThrow(
      /TRUSTED_PROXIES/,
    );
    expect(() => loadConfig(baseConfigSchema, { TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES/);
  });
});
