import type {
  CaseChangedV1,
  CaseOpenedV1,
  CitizenNotificationRequestedV1,
  InformationRequestedV1,
} from '@city/contracts';

/** The facts a citizen may hear about. */
export type NotificationTrigger =
  CaseOpenedV1 | CaseChangedV1 | CitizenNotificationRequestedV1 | InformationRequestedV1;

/** A message to send about a case: which template, and the facts it speaks of beyond the case itself. */
export interface NotificationRequest {
  template: string;
  facts: Record<string, string>;
  /**
   * Sent once in the case's life, whichever fact asks for it again (the satisfaction question: a case
   * reopened and resolved again is not asked twice). Otherwise each fact owes its own message.
   */
  oncePerCase?: true;
}

/** The question after a resolution: "How satisfied are you with how we handled your request?". */
export const SATISFACTION_TEMPLATE = 'satisfaction-survey';

/**
 * Which message (if any) a fact calls for. The workflow decides the messages of a case's normal
 * course (received, information needed, resolved, decided); the case record's own facts add what no
 * workflow step knows of: the report was linked to one already open, a shared note from the agent,
 * the case closed (by the city, or by itself after the resolution period), and, after its first
 * resolution, the satisfaction question to the citizen who made it (once: the template's audience is
 * its reporter, so those whose reports were joined to it as duplicates are not asked; a withdrawn
 * request, or one not the city's, is never resolved, so never asked).
 */
export function notificationFor(e: NotificationTrigger): NotificationRequest | null {
  switch (e.type) {
    case 'CitizenNotificationRequested':
    case 'InformationRequested':
      return { template: e.payload.template, facts: {} };
    case 'CaseOpened':
      return e.payload.duplicateOf
        ? { template: 'duplicate-linked', facts: { original: e.payload.duplicateOf.reference } }
        : null;
    case 'CaseChanged': {
      const p = e.payload;
      if (p.change === 'note-added')
        return p.visibility === 'shared' ? { template: 'case-update', facts: { note: p.text } } : null;
      if (p.change !== 'status-changed') return null;
      if (p.to === 'closed') return { template: 'case-closed', facts: { reason: p.reason ?? '' } };
      if (p.to === 'not-our-responsibility')
        return { template: 'not-our-responsibility', facts: { reason: p.reason ?? '' } };
      // The resolution itself is the workflow's to announce, in the service's own words.
      if (p.to === 'resolved') return { template: SATISFACTION_TEMPLATE, facts: {}, oncePerCase: true };
      return null;
    }
  }
}
