import type { CaseRecipients } from '@city/contracts';

/** Whose consent a change is about: a citizen by id (their opt-out link), or whoever has this phone number (a STOP reply). */
export type ConsentTarget = { citizenId: string } | { phone: string };

/**
 * The case record as this service needs it (the port): who hears about a case, who a citizen is
 * by their reference and second factor, and their answer to "may we send you updates?".
 */
export abstract class CaseRecordClient {
  /**
   * Who hears about a case, as they are at the moment of sending (a merge, a new email address or an
   * opt-out since the fact was written is honoured). Null when there is no such case; any other
   * failure throws (the message is retried, never dropped).
   */
  abstract of(reference: string): Promise<CaseRecipients | null>;
  /** The citizen behind a reference and the email or phone they gave (the portal's second factor); null when they do not match. */
  abstract citizenOf(reference: string, contact: { email?: string; phone?: string }): Promise<string | null>;
  /** Records a citizen's own answer on their record; false when there is no such citizen. */
  abstract setConsent(
    target: ConsentTarget,
    consentUpdates: boolean,
    channel: 'email' | 'sms' | 'web',
    reason: string,
  ): Promise<boolean>;
}
