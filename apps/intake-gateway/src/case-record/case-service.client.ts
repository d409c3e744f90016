import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@city/platform-config';
import type { GatewayConfig } from '../config';

/** Queries the case record (case-service) over HTTP; null when it does not answer in time. */
@Injectable()
export class CaseServiceClient {
  constructor(@Inject(APP_CONFIG) private readonly config: GatewayConfig) {}

  async get(path: string, query: Record<string, string> = {}, timeoutMs = 2_000): Promise<Response | null> {
    const qs = new URLSearchParams(query).toString();
    try {
      return await fetch(`${this.config.CASE_SERVICE_URL}${path}${qs ? `?${qs}` : ''}`, { signal: AbortSignal.timeout(timeoutMs) });
    } catch {
      return null;
    }
  }
}
