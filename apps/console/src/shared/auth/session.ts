import { useAuth } from 'react-oidc-context';

/** The realm's staff roles the console knows (demo/keycloak/city-realm.json). */
export type Role = 'agent' | 'clerk' | 'supervisor' | 'ops' | 'admin' | 'citizen';

export interface Session {
  /** The user name (`preferred_username`), the same name the services record as the actor. */
  name: string;
  displayName: string;
  roles: Role[];
  /** A counter clerk's office (the `office` claim). */
  office: string | null;
}

/** The claims of a JWT's payload. The services verify the token; the console only reads it to shape screens. */
export function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  const json = atob(
    part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '='),
  );
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<
    string,
    unknown
  >;
}

export function sessionOf(accessToken: string): Session {
  const c = claimsOf(accessToken);
  const roles = ((c.realm_access as { roles?: string[] } | undefined)?.roles ?? []) as Role[];
  const name = String(c.preferred_username ?? c.sub ?? '');
  const given = [c.given_name, c.family_name].filter(Boolean).join(' ');
  return {
    name,
    displayName: given || name,
    roles,
    office: typeof c.office === 'string' ? c.office : null,
  };
}

export function useSession(): Session | null {
  const auth = useAuth();
  return auth.user?.access_token ? sessionOf(auth.user.access_token) : null;
}

export const hasRole = (s: Session | null, ...roles: Role[]) => !!s && roles.some((r) => s.roles.includes(r));

/** The channel a member of staff works on: the counter for a clerk at an office, the phone otherwise. */
export function useStaffChannel(): 'counter' | 'phone' {
  const s = useSession();
  return hasRole(s, 'clerk') && s?.office ? 'counter' : 'phone';
}
