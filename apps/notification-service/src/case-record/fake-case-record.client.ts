import {
  DomainError,
  type CaseRecipients,
  type SatisfactionOfRequest,
  type SatisfactionScore,
} from '@city/contracts';
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
  /** Satisfaction questions by reference (absent: no such request); `closed` refuses answers as after the window. */
  readonly questions = new Map<string, SatisfactionOfRequest>();
  readonly answers: Array<{ reference: string; score: SatisfactionScore; via: 'email' | 'sms' }> = [];
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

  async satisfactionOf(reference: string): Promise<SatisfactionOfRequest> {
    this.check();
    const q = this.questions.get(reference);
    if (!q) throw DomainError.notFound('case.not-found', `No case ${reference}.`);
    return q;
  }

  async answerSatisfaction(
    reference: string,
    score: SatisfactionScore,
    via: 'email' | 'sms',
  ): Promise<SatisfactionOfRequest> {
    const q = await this.satisfactionOf(reference);
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
