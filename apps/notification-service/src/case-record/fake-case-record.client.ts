import type { CaseRecipients } from '@city/contracts';
import { CaseRecordClient, type ConsentTarget } from './case-record.client';

export interface ConsentChange {
  target: ConsentTarget;
  consentUpdates: boolean;
  channel: 'email' | 'sms' | 'web';
  reason: string;
}

/**
 * CaseRecordClient for use cases' unit tests: the cases, citizens and phone numbers a test gives it;
 * the consent changes it was asked for, in order. `failWith` makes every call throw (the case-service away).
 */
export class FakeCaseRecordClient extends CaseRecordClient {
  readonly cases = new Map<string, CaseRecipients>();
  /** `${reference} ${email or phone}` → citizen id. */
  readonly citizens = new Map<string, string>();
  /** Citizen ids and phone numbers the record knows (a consent change for others answers false). */
  readonly known = new Set<string>();
  readonly consentChanges: ConsentChange[] = [];
  readonly asked: string[] = [];
  failWith: Error | null = null;

  private check(): void {
    if (this.failWith) throw this.failWith;
  }

  async of(reference: string): Promise<CaseRecipients | null> {
    this.check();
    this.asked.push(reference);
    return this.cases.get(reference) ?? null;
  }

  async citizenOf(reference: string, contact: { email?: string; phone?: string }): Promise<string | null> {
    this.check();
    return this.citizens.get(`${reference} ${contact.email ?? contact.phone}`) ?? null;
  }

  async setConsent(
    target: ConsentTarget,
    consentUpdates: boolean,
    channel: 'email' | 'sms' | 'web',
    reason: string,
  ): Promise<boolean> {
    this.check();
    const who = 'citizenId' in target ? target.citizenId : target.phone;
    if (!this.known.has(who)) return false;
    this.consentChanges.push({ target, consentUpdates, channel, reason });
    return true;
  }
}
