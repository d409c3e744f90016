import type { UpdateChannel } from '@city/contracts';

export type PushMedium = 'email' | 'sms';

/** What the notification-service knows of a recipient when it decides how to reach them. */
export interface Reachable {
  preferredChannel: UpdateChannel;
  consentUpdates: boolean;
  email: string | null;
  phone: string | null;
}

export type MediaChoice =
  /** Nothing is sent: the citizen said no to updates. */
  | { optedOut: true }
  /** The message goes to the portal inbox, and also by email or text when `push` is set. */
  | { optedOut: false; push: { medium: PushMedium; address: string } | null };

/**
 * The order in which we try to reach a citizen, by the channel they chose. The city cannot phone or
 * write a letter by itself: those who chose the phone get a text on it (else an email), those who
 * chose post an email (else a text). Those who chose the web read their portal inbox.
 */
const ORDER: Record<UpdateChannel, PushMedium[]> = {
  email: ['email', 'sms'],
  sms: ['sms', 'email'],
  phone: ['sms', 'email'],
  post: ['email', 'sms'],
  web: [],
};

/**
 * How a message reaches a citizen: every message is kept in their portal inbox (the record of all
 * the city told them) and pushed on the first medium in their order that they gave an address for.
 * An opt-out stops everything: nothing is pushed and nothing is put in the inbox.
 */
export function mediaFor(r: Reachable): MediaChoice {
  if (!r.consentUpdates) return { optedOut: true };
  for (const medium of ORDER[r.preferredChannel]) {
    const address = medium === 'email' ? r.email : r.phone;
    if (address) return { optedOut: false, push: { medium, address } };
  }
  return { optedOut: false, push: null };
}
