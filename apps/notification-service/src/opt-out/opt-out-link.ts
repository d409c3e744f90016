import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The opt-out link in every email: the citizen's id and an HMAC of it (with the tenant), so the
 * link works without signing in and cannot be made for someone else.
 */
export class OptOutLinks {
  constructor(
    private readonly secret: string,
    private readonly publicUrl: string,
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

  /** The citizen id of a genuine token; null for anything else. */
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
