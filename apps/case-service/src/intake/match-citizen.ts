import type { ChannelDetails, RequestReceivedV1Payload } from '@city/contracts';
import type { ContactPointKind } from '../record/contact-point.entity';

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
export function chooseCitizen(
  matches: Array<{ kind: Identity['kind']; partyId: string; mergedInto: string | null }>,
): string | null {
  const pick = matches.find((m) => m.kind === 'email') ?? matches.find((m) => m.kind === 'phone');
  return pick ? (pick.mergedInto ?? pick.partyId) : null;
}

/**
 * Contacts a staff member took from the person in front of them or on the line (a phone agent, a
 * counter clerk) are vouched for by that staff member. Whatever arrives on the web, a kiosk or an
 * Open311 client was typed by anyone.
 */
export function vouchedFor(d: ChannelDetails): boolean {
  return d.kind === 'agent-assisted' || d.kind === 'counter';
}

/** A record that holds a contact: as its own, or as a copy, on a record kept apart from the one that owns it. */
export interface Holding extends Identity {
  partyId: string;
  mergedInto: string | null;
  heldApart: boolean;
}

export type CitizenMatch =
  /** Nobody holds any contact given. */
  | { kind: 'new' }
  /** The request joins this citizen; `add` are contacts nobody holds that join their record. */
  | { kind: 'existing'; partyId: string; add: Identity[] }
  /**
   * An unvouched contact would have joined this citizen: the request goes to a new record instead,
   * owning the contacts nobody held and a copy of those the citizen holds, for an agent to merge.
   */
  | { kind: 'held-apart'; possibleMatchOf: string; own: Identity[]; copies: Identity[] };

/**
 * Which citizen a request belongs to. The record that owns a contact matches (email over phone, as
 * chooseCitizen); a copy on a held-apart record never wins over it. A record that holds every contact
 * given is a match with nothing to add (so a held-apart record is found again). A contact nobody holds
 * joins the matched citizen only when staff vouched for it; otherwise the request is kept apart, so
 * that an unverified contact never joins a citizen's record, follows their requests or receives their
 * messages.
 */
export function matchCitizen(identities: Identity[], holdings: Holding[], vouched: boolean): CitizenMatch {
  const same = (a: Identity, b: Identity) => a.kind === b.kind && a.value === b.value;
  const recordOf = (h: Holding) => h.mergedInto ?? h.partyId;
  const owners = holdings.filter((h) => !h.heldApart && identities.some((id) => same(id, h)));
  const matched = chooseCitizen(owners);
  if (!matched) return { kind: 'new' };
  const holdsAll = (party: string) =>
    identities.every((id) => holdings.some((h) => recordOf(h) === party && same(h, id)));
  const complete = [matched, ...[...new Set(holdings.map(recordOf))].sort()].find(holdsAll);
  if (complete) return { kind: 'existing', partyId: complete, add: [] };
  const unheld = identities.filter((id) => !owners.some((h) => same(h, id)));
  if (unheld.length === 0 || vouched) return { kind: 'existing', partyId: matched, add: unheld };
  return {
    kind: 'held-apart',
    possibleMatchOf: matched,
    own: unheld,
    copies: identities.filter((id) => !unheld.includes(id)),
  };
}
