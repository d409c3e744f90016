import { discover } from './token-verifier';

/**
 * A back-end service's own token for calling another service (OAuth client credentials), fetched
 * from the provider's token endpoint and kept until 30 s before it expires; one request at a time.
 */
export class ServiceTokens {
  private current: { token: string; until: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly o: { issuer: string; clientId: string; clientSecret: string; tokenEndpoint?: string },
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<string> {
    if (this.current && this.current.until > this.now()) return this.current.token;
    this.pending ??= this.fetchToken().finally(() => (this.pending = null));
    return this.pending;
  }

  /** `{ authorization: 'Bearer …' }` for fetch. */
  async headers(): Promise<{ authorization: string }> {
    return { authorization: `Bearer ${await this.token()}` };
  }

  /** Forgets the token (the called service refused it: fetch a new one next time). */
  invalidate(): void {
    this.current = null;
  }

  private async fetchToken(): Promise<string> {
    const endpoint = this.o.tokenEndpoint ?? (await discover(this.o.issuer)).token_endpoint;
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(this.o.clientId)}:${encodeURIComponent(this.o.clientSecret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok)
      throw new Error(
        `the identity provider refused ${this.o.clientId}'s client credentials (${res.status})`,
      );
    const body = (await res.json()) as { access_token: string; expires_in: number };
    this.current = { token: body.access_token, until: this.now() + Math.max(0, body.expires_in - 30) * 1000 };
    return body.access_token;
  }
}
