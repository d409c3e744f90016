import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type DataSubject, type ErasedElsewhere } from '@city/contracts';
import { CITY_HEADER, ServiceTokens } from '@city/platform-auth';
import { APP_CONFIG } from '@city/platform-config';
import type { CaseConfig } from '../config';
import { PersonalDataElsewhere, type HeldElsewhere } from './personal-data-elsewhere';

/** The services that hold personal data beside the case record, and where this service reaches them. */
const HOLDERS = [
  { service: 'workflow-service', url: (c: CaseConfig) => c.WORKFLOW_SERVICE_URL },
  { service: 'notification-service', url: (c: CaseConfig) => c.NOTIFICATION_SERVICE_URL },
] as const;

/**
 * Each holder over HTTP (`POST /api/v1/personal-data/export` and `.../erasure`), as this service
 * (its client credentials), for the city asked.
 */
@Injectable()
export class HttpPersonalDataElsewhere extends PersonalDataElsewhere {
  constructor(
    @Inject(APP_CONFIG) private readonly config: CaseConfig,
    private readonly tokens: ServiceTokens,
  ) {
    super();
  }

  private async ask<T>(
    service: string,
    base: string,
    what: 'export' | 'erasure',
    city: string,
    subject: DataSubject,
  ): Promise<T> {
    const unavailable = (why: string) =>
      DomainError.unavailable(
        'personal-data.unavailable',
        `The ${service} cannot give its part of the personal data (${why}); try again shortly.`,
        30,
      );
    const send = async () =>
      fetch(`${base}/api/v1/personal-data/${what}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(await this.tokens.headers()),
          [CITY_HEADER]: city,
        },
        body: JSON.stringify(subject),
        signal: AbortSignal.timeout(15_000),
      });
    let res = await send().catch(() => {
      throw unavailable('not reachable');
    });
    if (res.status === 401) {
      this.tokens.invalidate();
      res = await send().catch(() => {
        throw unavailable('not reachable');
      });
    }
    // Busy or down: asking again later helps. A refusal (400, 401, 403, 404) will not go away by
    // asking again: this service's credentials, roles or contract are wrong, a fault for operators.
    if (res.status >= 500 || res.status === 429) throw unavailable(`it answered ${res.status}`);
    if (!res.ok)
      throw new Error(`The ${service} refused this service's personal-data ${what} (${res.status}).`);
    return (await res.json()) as T;
  }

  gather(city: string, subject: DataSubject): Promise<HeldElsewhere[]> {
    return Promise.all(
      HOLDERS.map((h) => this.ask<HeldElsewhere>(h.service, h.url(this.config), 'export', city, subject)),
    );
  }

  erase(city: string, subject: DataSubject): Promise<ErasedElsewhere[]> {
    return Promise.all(
      HOLDERS.map((h) => this.ask<ErasedElsewhere>(h.service, h.url(this.config), 'erasure', city, subject)),
    );
  }
}
