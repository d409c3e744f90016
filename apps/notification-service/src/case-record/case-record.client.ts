import type { CaseRecipients, SatisfactionOfRequest, SatisfactionScore } from '@city/contracts';

/** Whose consent a change is about: a citizen by id (their opt-out link), or whoever has this phone number (a STOP reply). */
export type ConsentTarget = { citizenId: string } | { phone: string };

/**
 * The case record as this service needs it (the port): who hears about a case, who a citizen is
 * by their reference and second factor, their answer to "may we send you updates?", and their
 * answer to the satisfaction question. Every call names its city (the tenant of the message, link
 * or request it is for): one case record serves several cities, and a reference is a city's own.
 */
export abstract class CaseRecordClient {
  /**
   * Who hears about a case, as they are at the moment of sending (a merge, a new email address or an
   * opt-out since the fact was written is honoured). Null when there is no such case; any other
   * failure throws (the message is retried, never dropped).
   */
  abstract of(city: string, reference: string): Promise<CaseRecipients | null>;
  /** The citizen behind a reference and the email or phone they gave (the portal's second factor); null when they do not match. */
  abstract citizenOf(
    city: string,
    reference: string,
    contact: { email?: string; phone?: string },
  ): Promise<string | null>;
  /** Records a citizen's own answer on their record; false when there is no such citizen. */
  abstract setConsent(
    city: string,
    target: ConsentTarget,
    consentUpdates: boolean,
    channel: 'email' | 'sms' | 'web',
    reason: string,
  ): Promise<boolean>;
  /**
   * The satisfaction question of a request (for the page the emailed link opens). The case record's
   * refusals come as it gave them (DomainError: not-found, conflict with its sentence).
   */
  abstract satisfactionOf(city: string, reference: string): Promise<SatisfactionOfRequest>;
  /** Passes on a citizen's answer that came by the emailed link or a text reply; refusals as above. */
  abstract answerSatisfaction(
    city: string,
    reference: string,
    score: SatisfactionScore,
    via: 'email' | 'sms',
  ): Promise<SatisfactionOfRequest>;
}
