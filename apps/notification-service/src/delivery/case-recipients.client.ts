import { Inject, Injectable } from '@nestjs/common';
import { caseRecipientsSchema, type CaseRecipients } from '@city/contracts';
import { APP_CONFIG } from '@city/platform-config';
import type { NotificationConfig } from '../config';

/**
 * Asks the case record who hears about a case, as they are at the moment of sending: a merge, a new
 * email address or an opt-out since the fact was written is honoured. Null when there is no such
 * case; any other failure throws (the message is retried, never dropped).
 */
@Injectable()
export class CaseRecipientsClient {
  constructor(@Inject(APP_CONFIG) private readonly config: NotificationConfig) {}

  async of(reference: string): Promise<CaseRecipients | null> {
    const res = await fetch(`${this.config.CASE_SERVICE_URL}/api/v1/cases/${encodeURIComponent(reference)}/recipients`, { signal: AbortSignal.timeout(5_000) });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`case-service answered ${res.status} for the recipients of ${reference}`);
    return caseRecipientsSchema.parse(await res.json());
  }

  /** The citizen behind a reference and the email or phone they gave (the portal's second factor); null when they do not match. */
  async citizenOf(reference: string, contact: { email?: string; phone?: string }): Promise<string | null> {
    const q = new URLSearchParams(contact.email ? { email: contact.email } : { phone: contact.phone ?? '' });
    const res = await fetch(`${this.config.CASE_SERVICE_URL}/api/v1/requests/${encodeURIComponent(reference)}?${q}`, { signal: AbortSignal.timeout(5_000) });
    if (res.status === 404 || res.status === 400) return null;
    if (!res.ok) throw new Error(`case-service answered ${res.status} for a citizen look-up`);
    return ((await res.json()) as { citizenId?: string | null }).citizenId ?? null;
  }

  /** Records a citizen's answer to "may we send you updates?" on their record. */
  async setConsent(target: { citizenId: string } | { phone: string }, consentUpdates: boolean, actor: string, channel: 'email' | 'sms' | 'web'): Promise<boolean> {
    const url = 'citizenId' in target ? `${this.config.CASE_SERVICE_URL}/api/v1/citizens/${target.citizenId}/preferences` : `${this.config.CASE_SERVICE_URL}/api/v1/citizens/preferences`;
    const body = 'citizenId' in target ? { consentUpdates, actor, channel } : { consentUpdates, actor, channel, phone: target.phone };
    const res = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
    if (res.status === 404) return false;
    if (!res.ok) throw new Error(`case-service answered ${res.status} to a consent change`);
    return true;
  }
}
