import type { RequestReceivedV1Payload } from '@city/contracts';
import type { ContactPointKind } from './contact-point.entity';

export interface Identity {
  kind: Extract<ContactPointKind, 'email' | 'phone'>;
  value: string;
}

/** The contact points that identify a citizen: email (lower-cased) and phone (E.164, as the gateway normalised it). */
export function identitiesOf(contact: RequestReceivedV1Payload['contact']): Identity[] {
  const out: Identity[] = [];
  if (contact?.email) out.push({ kind: 'email', value: contact.email.trim().toLowerCase() });
  if (contact?.phone) out.push({ kind: 'phone', value: contact.phone });
  return out;
}

/**
 * Which existing citizen a request joins. An email match wins over a phone match (a shared family
 * phone is commoner than a shared email); a record merged into another sends us on to the survivor.
 * Null: a new citizen.
 */
export function chooseCitizen(matches: Array<{ kind: Identity['kind']; partyId: string; mergedInto: string | null }>): string | null {
  const pick = matches.find((m) => m.kind === 'email') ?? matches.find((m) => m.kind === 'phone');
  return pick ? (pick.mergedInto ?? pick.partyId) : null;
}
