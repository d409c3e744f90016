import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The opt-out link in every email: the citizen's id and an HMAC of it (with the tenant), so the
 * link works without signing in and cannot be made for someone else. The link does not name its
 * city: the city whose signature it carries, among those served, is its city (so links sent before
 * a deployment served several cities still work).
 */
export class OptOutLinks {
  constructor(
    private readonly secret: string,
    private readonly publicUrl: string,
    private readonly cities: readonly string[],
  ) {}

  private mac(tenantId: string, citizenId: string): Buffer {
    return createHmac('sha256', this.secret).update(`${tenantId}\u0000${citizenId}`).digest().subarray(0, 18);
  }

  token(tenantId: string, citizenId: string): string {
    return `${citizenId}.${this.mac(tenantId, citizenId).toString('base64url')}`;
  }

  url(tenantId: string, citizenId: string): string {
    return `${this.publicUrl.replace(/\/$/, '')}/api/v1/opt-out/${this.token(tenantId, citizenId)}`;
  }

  /** The city that signed a genuine link and the citizen it is for; null for anything else. */
  open(token: string): { city: string; citizenId: string } | null {
    for (const city of this.cities) {
      const citizenId = this.citizenOf(city, token);
      if (citizenId) return { city, citizenId };
    }
    return null;
  }

  /** The citizen id of a token genuine for this city; null for anything else. */
  citizenOf(tenantId: string, token: string): string | null {
    const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{24})$/.exec(
      token,
    );
    if (!m) return null;
    const given = Buffer.from(m[2], 'base64url');
    const expected = this.mac(tenantId, m[1]);
    return given.length === expected.length && timingSafeEqual(given, expected) ? m[1] : null;
  }
}
