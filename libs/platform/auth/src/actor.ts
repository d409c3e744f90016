/** The roles of the city's realm (demo/keycloak/city-realm.json); a city's own provider maps to these. */
export const ROLES = ['citizen', 'agent', 'clerk', 'supervisor', 'ops', 'admin', 'service'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is calling, as the identity provider says in a verified token: never from a request body.
 * `kind` is `service` for a back-end service's own client-credentials token.
 */
export interface Actor {
  kind: 'user' | 'service';
  /** The provider's stable subject id (`sub`). */
  subject: string;
  /** The user name (`preferred_username`), or the client id of a service. */
  name: string;
  /** Display name, when the token has one. */
  displayName: string | null;
  /** Given and family name (OpenID Connect `given_name`, `family_name`), when the token has them. */
  givenName: string | null;
  familyName: string | null;
  roles: Role[];
  tenant: string;
  /** The client the token was issued to (`azp`). */
  clientId: string;
  /** Verified email only (a citizen's link to their record); null when unverified or absent. */
  email: string | null;
  /** A counter clerk's office, when the token says one. */
  office: string | null;
}

/** Senior first: the role an actor is named by on records. */
const LABEL_ORDER: Role[] = ['admin', 'supervisor', 'agent', 'clerk', 'ops', 'citizen', 'service'];

/**
 * How an actor is written on the timeline, a note, a merge or an assignment: `agent:agent-17`,
 * `clerk:clerk-9`, `admin:admin-1`, `citizen:anna`, `service:notification-service`.
 */
export function actorLabel(actor: Actor): string {
  if (actor.kind === 'service') return `service:${actor.name}`;
  const role = LABEL_ORDER.find((r) => actor.roles.includes(r)) ?? 'user';
  return `${role}:${actor.name}`;
}

export const hasRole = (actor: Actor, ...roles: Role[]) => roles.some((r) => actor.roles.includes(r));
