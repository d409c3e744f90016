import { Inject, Injectable } from '@nestjs/common';
import {
  caseRecipientsBatchSchema,
  DomainError,
  satisfactionOfRequestSchema,
  type CaseRecipients,
  type ErrorResponse,
  type SatisfactionOfRequest,
  type SatisfactionScore,
} from '@city/contracts';
import { CITY_HEADER, ServiceTokens } from '@city/platform-auth';
import { APP_CONFIG } from '@city/platform-config';
import { normalizeReference } from '@city/domain-intake';
import type { NotificationConfig } from '../config';
import { together } from '../together';
import { CaseRecordClient, type ConsentTarget } from './case-record.client';

/** A case by its city and reference (the key of a grouped recipients call). */
interface CaseOf {
  city: string;
  reference: string;
}

/**
 * The case record over HTTP: asks the case-service who hears about a case, as they are at the moment
 * of sending: a merge, a new email address or an opt-out since the fact was written is honoured. Null
 * when there is no such case; any other failure throws (the message is retried, never dropped).
 */
@Injectable()
export class HttpCaseRecordClient extends CaseRecordClient {
  constructor(
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
    private readonly tokens: ServiceTokens,
  ) {
    super();
  }

  /**
   * A call to the case-service for a city (`X-City`), with this service's own token; a refused token is fetched anew once.
   * The case-service not reached, or failing (5xx), is an outage, not an answer: `unavailable`, so a
   * citizen's request gets 503 with Retry-After and a message being sent is retried, not dead-lettered.
   */
  private async call(city: string, path: string, init: RequestInit = {}): Promise<Response> {
    const send = async () =>
      fetch(`${this.config.CASE_SERVICE_URL}${path}`, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          ...(await this.tokens.headers()),
          [CITY_HEADER]: city,
        },
        signal: AbortSignal.timeout(5_000),
      });
    const outage = (why: string) =>
      DomainError.unavailable(
        'case-record.unavailable',
        `The case record cannot be reached (${why}); try again shortly.`,
        30,
      );
    let res = await send().catch((e: Error) => {
      throw outage(e.name === 'TimeoutError' ? 'no answer in 5 s' : 'not reachable');
    });
    if (res.status === 401) {
      this.tokens.invalidate();
      res = await send().catch(() => {
        throw outage('not reachable');
      });
    }
    if (res.status >= 500) throw outage(`it answered ${res.status}`);
    return res;
  }

  /**
   * The messages being sent at the same moment ask who hears about their cases in one call per city
   * among them (a reference is its city's own, so each city is asked for its own).
   */
  private readonly recipients = together<CaseOf, CaseRecipients | null>(async (asked) => {
    const byCity = new Map<string, CaseOf[]>();
    for (const a of asked) byCity.set(a.city, [...(byCity.get(a.city) ?? []), a]);
    const found = new Map<CaseOf, CaseRecipients | null>();
    await Promise.all(
      [...byCity].map(async ([city, ofCity]) => {
        const answers = await this.recipientsIn(
          city,
          ofCity.map((a) => a.reference),
        );
        ofCity.forEach((a, i) => found.set(a, answers[i]));
      }),
    );
    return asked.map((a) => found.get(a) ?? null);
  });

  private async recipientsIn(city: string, references: string[]): Promise<Array<CaseRecipients | null>> {
    // A malformed reference names no case: answered here, so it cannot fail the others' call.
    const asked = [...new Set(references.filter((r) => normalizeReference(r) !== null))];
    if (asked.length === 0) return references.map(() => null);
    const res = await this.call(city, '/api/v1/case-recipients', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ references: asked }),
    });
    if (!res.ok)
      throw new Error(`case-service answered ${res.status} for the recipients of ${references.length} cases`);
    const { cases } = caseRecipientsBatchSchema.parse(await res.json());
    const byReference = new Map(cases.map((c) => [c.reference, c]));
    return references.map((r) => byReference.get(normalizeReference(r) ?? r) ?? null);
  }

  of(city: string, reference: string): Promise<CaseRecipients | null> {
    return this.recipients.load({ city, reference });
  }

  /**
   * The citizen behind a reference and the email or phone they gave (the portal's second factor);
   * null when they do not match. The inbox limits citizens' look-ups itself; the case record answers
   * this service's own token on a route of its own, so every citizen does not share one allowance there.
   */
  async citizenOf(
    city: string,
    reference: string,
    contact: { email?: string; phone?: string },
  ): Promise<string | null> {
    const q = new URLSearchParams(contact.email ? { email: contact.email } : { phone: contact.phone ?? '' });
    const res = await this.call(city, `/api/v1/requests/${encodeURIComponent(reference)}/citizen?${q}`);
    if (res.status === 404 || res.status === 400) return null;
    if (!res.ok) throw new Error(`case-service answered ${res.status} for a citizen look-up`);
    return ((await res.json()) as { citizenId?: string | null }).citizenId ?? null;
  }

  /**
   * Records a citizen's own answer to "may we send you updates?" (their opt-out link, a STOP reply)
   * on their record; the case record names this service as the one that passed it on.
   */
  async setConsent(
    city: string,
    target: ConsentTarget,
    consentUpdates: boolean,
    channel: 'email' | 'sms' | 'web',
    reason: string,
  ): Promise<boolean> {
    const path =
      'citizenId' in target
        ? `/api/v1/citizens/${target.citizenId}/preferences`
        : '/api/v1/citizens/preferences';
    const body =
      'citizenId' in target
        ? { consentUpdates, channel, reason }
        : { consentUpdates, channel, reason, phone: target.phone };
    const res = await this.call(city, path, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status === 404) return false;
    if (!res.ok) throw new Error(`case-service answered ${res.status} to a consent change`);
    return true;
  }

  async satisfactionOf(city: string, reference: string): Promise<SatisfactionOfRequest> {
    return this.satisfaction(reference, await this.call(city, this.satisfactionPath(reference)));
  }

  async answerSatisfaction(
    city: string,
    reference: string,
    score: SatisfactionScore,
    via: 'email' | 'sms',
  ): Promise<SatisfactionOfRequest> {
    const res = await this.call(city, this.satisfactionPath(reference), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ score, via }),
    });
    return this.satisfaction(reference, res);
  }

  private satisfactionPath(reference: string): string {
    return `/api/v1/cases/${encodeURIComponent(reference)}/satisfaction`;
  }

  /** The question as the case record answered, or its refusal as a DomainError of the same kind, code, sentence and fields. */
  private async satisfaction(reference: string, res: Response): Promise<SatisfactionOfRequest> {
    if (res.ok) return satisfactionOfRequestSchema.parse(await res.json());
    const kind = ({ 400: 'invalid', 404: 'not-found', 409: 'conflict' } as const)[
      res.status as 400 | 404 | 409
    ];
    if (!kind)
      throw DomainError.unavailable(
        'case-record.unavailable',
        `The case record answered ${res.status} about the satisfaction of ${reference}; try again later.`,
        30,
      );
    const body = (await res.json().catch(() => ({}))) as Partial<ErrorResponse>;
    throw new DomainError(
      kind,
      body.code ?? `satisfaction.${kind}`,
      body.message ?? `The case record refused (${res.status}).`,
      body.errors ?? [],
    );
  }
}
