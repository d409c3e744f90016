import { SetMetadata } from '@nestjs/common';
import type { Role } from './actor';

export const ACCESS_POLICY = 'city:access-policy';

/**
 * Who may call a route. Every route declares one (a test walks the routes of every app); a route
 * without one is refused to everyone.
 * - `public`: open on purpose, with the reason (health, the public catalogue, anonymous channels,
 *   routes that check a credential of their own such as a kiosk's device token or a webhook signature).
 * - `allow`: a verified bearer token whose actor has one of the roles, or is one of the services.
 */
export type AccessPolicy = { public: string } | { allow: { roles: Role[]; services: string[] } };

/** Open to anyone, on purpose; the reason says why (and names any credential the route checks itself). */
export const Public = (reason: string) =>
  SetMetadata(ACCESS_POLICY, { public: reason } satisfies AccessPolicy);

/** Only these roles, or these services (`service:<client id>`), with a valid token of this city. */
export function Allow(...who: Array<Exclude<Role, 'service'> | `service:${string}`>) {
  const roles = who.filter((w): w is Exclude<Role, 'service'> => !w.startsWith('service:'));
  const services = who.filter((w) => w.startsWith('service:')).map((w) => w.slice('service:'.length));
  return SetMetadata(ACCESS_POLICY, { allow: { roles, services } } satisfies AccessPolicy);
}

/** In words, for a 403: "an agent or supervisor", "the notification-service". */
export function describePolicy(p: { roles: Role[]; services: string[] }): string {
  const parts = [
    ...p.roles.map((r) => `${/^[aeiou]/.test(r) ? 'an' : 'a'} ${r}`),
    ...p.services.map((s) => `the ${s}`),
  ];
  return parts.length <= 1 ? (parts[0] ?? 'no one') : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}`;
}
