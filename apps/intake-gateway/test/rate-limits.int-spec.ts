import { randomUUID } from 'node:crypto';
import { rateLimitPrefix, removeRateLimitCounts } from '@city/platform-testing';
import { form, json, pothole, startGateway, type Harness } from './gateway.harness';

/** Settings of one gateway: small allowances, and Redis keys of this run only. */
const limits = (RATE_LIMITS: string, extra: Record<string, string> = {}) => ({
  RATE_LIMIT_PREFIX: rateLimitPrefix('gw'),
  RATE_LIMITS,
  ...extra,
});

/** A pothole report whose acknowledgement goes to `contact`, with `marker` in its description. */
const reportTo = (marker: string, contact: { email?: string; phone?: string }) => ({
  ...pothole(marker),
  contact,
  preferredChannel: contact.email ? 'email' : 'sms',
});

const expectTooMany = async (res: Response, maxSeconds: number) => {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  return res;
};

/**
 * Anonymous submissions and look-ups at the gateway are limited per client and per contact address
 * (the one that receives the acknowledgement), counted in the real Redis, so every replica shares them.
 */
describe('rate limits at the intake gateway (real Redis)', () => {
  describe('with no trusted proxy (TRUSTED_PROXIES unset)', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startGateway(
        limits('submission.client=3/1m,submission.target=100/1h,ivr-status.client=2/1m'),
      );
    }, 90_000);
    afterAll(async () => {
      await h?.close();
      if (h) await removeRateLimitCounts(h.config.REDIS_URL, h.config.RATE_LIMIT_PREFIX);
    });

    it('a forged X-Forwarded-For gives no new allowance: the fourth submission from one client answers 429 with Retry-After', async () => {
      for (let i = 1; i <= 3; i++) {
        const res = await fetch(
          `${h.url}/api/v1/requests`,
          json(reportTo(randomUUID(), { email: `${randomUUID()}@example.org` }), {
            'x-forwarded-for': `203.0.113.${i}`,
          }),
        );
        expect(res.status).toBe(202);
      }
      const refused = await fetch(
        `${h.url}/api/v1/requests`,
        json(reportTo(randomUUID(), { email: `${randomUUID()}@example.org` }), {
          'x-forwarded-for': '198.51.100.77',
        }),
      );
      await expectTooMany(refused, 60);
      expect(await refused.json()).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: expect.stringMatching(/try again/i),
      });
    });

    it("the IVR's status look-ups are limited per client too", async () => {
      const ask = () => fetch(`${h.url}/api/v1/ivr/requests/ABCD-EFGH-JKU/status`);
      expect((await ask()).status).toBe(400); // not a reference: answered, and counted
      expect((await ask()).status).toBe(400);
      await expectTooMany(await ask(), 60);
    });
  });

  describe('behind a trusted proxy (TRUSTED_PROXIES names the test as the proxy)', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startGateway(
        limits('submission.client=3/1m,submission.target=2/1h', { TRUSTED_PROXIES: '127.0.0.1' }),
      );
    }, 90_000);
    afterAll(async () => {
      await h?.close();
      if (h) await removeRateLimitCounts(h.config.REDIS_URL, h.config.RATE_LIMIT_PREFIX);
    });

    /** Each forwarded client address once, unless a test names one. */
    let next = 0;
    const freshAddress = () => {
      next += 1;
      return `10.${(next >> 16) & 255}.${(next >> 8) & 255}.${next & 255}`;
    };
    /** A web submission through the trusted proxy, from a client address of its own unless `from` names one. */
    const submit = (body: unknown, from = freshAddress()) =>
      fetch(`${h.url}/api/v1/requests`, json(body, { 'x-forwarded-for': from }));

    it('each forwarded client address has an allowance of its own', async () => {
      for (let i = 0; i < 3; i++)
        expect(
          (await submit(reportTo(randomUUID(), { email: `${randomUUID()}@example.org` }), '203.0.113.50'))
            .status,
        ).toBe(202);
      await expectTooMany(
        await submit(reportTo(randomUUID(), { email: `${randomUUID()}@example.org` }), '203.0.113.50'),
        60,
      );
      expect(
        (await submit(reportTo(randomUUID(), { email: `${randomUUID()}@example.org` }), '203.0.113.51'))
          .status,
      ).toBe(202);
    });

    it('the third submission to one email address answers 429 with Retry-After, however it is written, while another address still gets 202; the refused one is not on Kafka', async () => {
      const email = `${randomUUID()}@example.org`;
      expect((await submit(reportTo(randomUUID(), { email }))).status).toBe(202);
      expect((await submit(reportTo(randomUUID(), { email: email.toUpperCase() }))).status).toBe(202);
      const marker = randomUUID();
      const refused = await expectTooMany(await submit(reportTo(marker, { email })), 3600);
      expect(await refused.json()).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: expect.stringMatching(/try again/i),
      });

      const other = await submit(reportTo(randomUUID(), { email: `${randomUUID()}@example.org` }));
      expect(other.status).toBe(202);
      const { reference } = await other.json();
      await h.intake.waitFor((m) => (m.value ?? '').includes(reference));
      expect(h.intake.filter((m) => (m.value ?? '').includes(marker))).toHaveLength(0);
    });

    it('a phone number counts as one address in any notation', async () => {
      const digits = String(Math.floor(Math.random() * 1e5)).padStart(5, '0');
      expect((await submit(reportTo(randomUUID(), { phone: `07700 9${digits}` }))).status).toBe(202);
      expect((await submit(reportTo(randomUUID(), { phone: `+44 7700 9${digits}` }))).status).toBe(202);
      await expectTooMany(await submit(reportTo(randomUUID(), { phone: `+447700-9${digits}` })), 3600);
    });

    it('Open311 submissions share the allowance of the address: refused in the Open311 error format', async () => {
      const email = `${randomUUID()}@example.org`;
      expect((await submit(reportTo(randomUUID(), { email }))).status).toBe(202);
      expect((await submit(reportTo(randomUUID(), { email }))).status).toBe(202);
      const fields = form({
        api_key: 'demo-open311-key',
        service_code: 'graffiti',
        address_string: '2 Quay St',
        'attribute[offensive]': 'no',
        'attribute[surface]': 'wall',
        email,
      });
      const res = await fetch(`${h.url}/open311/v2/requests.json`, {
        ...fields,
        headers: { ...(fields.headers as Record<string, string>), 'x-forwarded-for': freshAddress() },
      });
      await expectTooMany(res, 3600);
      expect(await res.json()).toEqual([{ code: 429, description: expect.stringMatching(/try again/i) }]);
    });
  });
});
