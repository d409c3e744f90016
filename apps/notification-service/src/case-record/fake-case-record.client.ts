import {
  DomainError,
  type CaseRecipients,
  type SatisfactionOfRequest,
  type SatisfactionScore,
} from '@city/contracts';
import { CaseRecordClient, type ConsentTarget } from './case-record.client';

export interface ConsentChange {
  city: string;
  target: ConsentTarget;
  consentUpdates: boolean;
  channel: 'email' | 'sms' | 'web';
  reason: string;
}

/**
 * CaseRecordClient for use cases' unit tests: the cases, citizens and phone numbers a test gives it;
 * the consent changes it was asked for, in order. `failWith` makes every call throw (the case-service away).
 * It holds one city's record (`city`, 'default' unless told); a call for another city finds nothing there.
 */
export class FakeCaseRecordClient extends CaseRecordClient {
  readonly cases = new Map<string, CaseRecipients>();
  /** `${reference} ${email or phone}` → citizen id. */
  readonly citizens = new Map<string, string>();
  /** Citizen ids and phone numbers the record knows (a consent change for others answers false). */
  readonly known = new Set<string>();
  readonly consentChanges: ConsentChange[] = [];
  readonly asked: string[] = [];
  /** Satisfaction questions by reference (absent: no such request); `closed` refuses answers as after the window. */
  readonly questions = new Map<string, SatisfactionOfRequest>();
  readonly answers: Array<{ reference: string; score: SatisfactionScore; via: 'email' | 'sms' }> = [];
  failWith: Error | null = null;

  constructor(readonly city = 'default') {
    super();
  }

  private check(): void {
    if (this.failWith) throw this.failWith;
  }

  async of(city: string, reference: string): Promise<CaseRecipients | null> {
    this.check();
    this.asked.push(reference);
    return city === this.city ? (this.cases.get(reference) ?? null) : null;
  }

  async citizenOf(
    city: string,
    reference: string,
    contact: { email?: string; phone?: string },
  ): Promise<string | null> {
    this.check();
    if (city !== this.city) return null;
    return this.citizens.get(`${reference} ${contact.email ?? contact.phone}`) ?? null;
  }

  async setConsent(
    city: string,
    target: ConsentTarget,
    consentUpdates: boolean,
    channel: 'email' | 'sms' | 'web',
    reason: string,
  ): Promise<boolean> {
    this.check();
    const who = 'citizenId' in target ? target.citizenId : target.phone;
    if (city !== this.city || !this.known.has(who)) return false;
    this.consentChanges.push({ city, target, consentUpdates, channel, reason });
    return true;
  }

  async satisfactionOf(city: string, reference: string): Promise<SatisfactionOfRequest> {
    this.check();
    const q = city === this.city ? this.questions.get(reference) : undefined;
    if (!q) throw DomainError.notFound('case.not-found', `No case ${reference}.`);
    return q;
  }

  async answerSatisfaction(
    city: string,
    reference: string,
    score: SatisfactionScore,
    via: 'email' | 'sms',
  ): Promise<SatisfactionOfRequest> {
    const q = await this.satisfactionOf(city, reference);
    if (!q.open)
      throw DomainError.conflict('satisfaction.closed', `The question about ${reference} closed.`, [
        { field: 'score', reason: 'answers were taken until yesterday' },
      ]);
    this.answers.push({ reference, score, via });
    const answered = { ...q, answer: { score, via, at: new Date().toISOString() } };
    this.questions.set(reference, answered);
    return answered;
  }
}
