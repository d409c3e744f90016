import { RouteConfig } from '@nestjs/platform-fastify';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import { clientAddressOptions, MemoryWindows, RateLimit } from './rate-limits';

describe('MemoryWindows (the counts while Redis is unreachable)', () => {
  it('counts within a window, says how long it has left, and starts again once it has ended', () => {
    let now = 1_000_000;
    const w = new MemoryWindows(100, () => now);
    expect(w.incr('a', 60_000)).toEqual({ current: 1, ttl: 60_000 });
    now += 20_000;
    expect(w.incr('a', 60_000)).toEqual({ current: 2, ttl: 40_000 });
    expect(w.incr('b', 60_000)).toEqual({ current: 1, ttl: 60_000 });
    now += 40_000;
    expect(w.incr('a', 60_000)).toEqual({ current: 1, ttl: 60_000 });
  });

  it('keeps at most its number of keys, dropping ended windows first, then the oldest', () => {
    let now = 0;
    const w = new MemoryWindows(2, () => now);
    w.incr('short', 1_000);
    w.incr('long', 60_000);
    now = 2_000;
    w.incr('long', 60_000);
    w.incr('new', 60_000); // "short" has ended: it goes, "long" keeps its count
    expect(w.incr('long', 60_000).current).toBe(3);
    w.incr('newer', 60_000); // full of live windows: the oldest goes
    expect(w.incr('long', 60_000).current).toBe(1);
  });
});

describe('RateLimit and the client address', () => {
  it("keeps what other decorators put in the route's Fastify config", () => {
    class C {
      @RateLimit('submission')
      @RouteConfig({ other: 'kept' })
      handler(): void {
        // a route
      }
    }
    expect(Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, C.prototype.handler)).toEqual({
      other: 'kept',
      cityRateLimit: { policy: 'submission', target: undefined },
    });
  });

  it('believes X-Forwarded-For only from the configured proxies', () => {
    expect(clientAddressOptions({ TRUSTED_PROXIES: [] })).toEqual({ trustProxy: false });
    expect(clientAddressOptions({ TRUSTED_PROXIES: ['10.0.0.0/8'] })).toEqual({ trustProxy: ['10.0.0.0/8'] });
  });
});
