import { Inject, Injectable } from '@nestjs/common';
import { CITY_HEADER, ServiceTokens } from '@city/platform-auth';
import { APP_CONFIG } from '@city/platform-config';
import type { GatewayConfig } from '../config';

/**
 * Queries the case record (case-service) over HTTP with the gateway's own client-credentials token;
 * null when it (or the identity provider) does not answer in time. A refused token is fetched anew once.
 */
@Injectable()
export class CaseServiceClient {
  constructor(
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    private readonly tokens: ServiceTokens,
  ) {}

  /** A read for a city (named in X-City, as a platform service names the city of a call). */
  async get(
    city: string,
    path: string,
    query: Record<string, string> = {},
    timeoutMs = 2_000,
  ): Promise<Response | null> {
    const qs = new URLSearchParams(query).toString();
    const send = async () =>
      fetch(`${this.config.CASE_SERVICE_URL}${path}${qs ? `?${qs}` : ''}`, {
        headers: { ...(await this.tokens.headers()), [CITY_HEADER]: city },
        signal: AbortSignal.timeout(timeoutMs),
      });
    try {
      const res = await send();
      if (res.status !== 401) return res;
      this.tokens.invalidate();
      return await send();
    } catch {
      return null;
    }
  }
}
