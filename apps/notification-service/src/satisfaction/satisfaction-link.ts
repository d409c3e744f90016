import { createHmac, timingSafeEqual } from 'node:crypto';
import { REFERENCE_PATTERN } from '@city/contracts';

const TOKEN = new RegExp(`^(${REFERENCE_PATTERN.source.slice(1, -1)})\\.([A-Za-z0-9_-]{24})$`);

/**
 * The satisfaction question's link in the email: the request's reference and an HMAC of it (with the
 * tenant and the link's purpose, so an opt-out token is no answer token and the other way round), so
 * the citizen answers without signing in and nobody can make a link for another request. It opens
 * the portal's page for the question (`/survey/<token>`), which shows the question and records
 * nothing until the citizen sends a score (a mail scanner that follows links answers nothing).
 */
export class SatisfactionLinks {
  constructor(
    private readonly secret: string,
    /** Each city's portal (its own, or the deployment's). */
    private readonly portalOf: (city: string) => string,
    private readonly cities: readonly string[],
  ) {}

  private mac(tenantId: string, reference: string): Buffer {
    return createHmac('sha256', this.secret)
      .update(`satisfaction\u0000${tenantId}\u0000${reference}`)
      .digest()
      .subarray(0, 18);
  }

  token(tenantId: string, reference: string): string {
    return `${reference}.${this.mac(tenantId, reference).toString('base64url')}`;
  }

  url(tenantId: string, reference: string): string {
    return `${this.portalOf(tenantId).replace(/\/$/, '')}/survey/${this.token(tenantId, reference)}`;
  }

  /** The city that signed a genuine link and the request it asks about; null for anything else (as OptOutLinks.open). */
  open(token: string): { city: string; reference: string } | null {
    for (const city of this.cities) {
      const reference = this.referenceOf(city, token);
      if (reference) return { city, reference };
    }
    return null;
  }

  /** The reference of a token genuine for this city; null for anything else. */
  referenceOf(tenantId: string, token: string): string | null {
    const m = TOKEN.exec(token);
    if (!m) return null;
    const given = Buffer.from(m[2], 'base64url');
    const expected = this.mac(tenantId, m[1]);
    return given.length === expected.length && timingSafeEqual(given, expected) ? m[1] : null;
  }
}
