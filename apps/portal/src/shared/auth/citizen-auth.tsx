import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { User, UserManager } from 'oidc-client-ts';
import i18n from 'i18next';
import { useConfig } from '../../app/config';

/** A citizen signed in through the identity provider (the realm's `citizen` role). */
export interface Citizen {
  name: string;
  firstName: string;
  lastName: string;
  /** The verified email: the services find the citizen's own requests by it. */
  email: string | null;
  accessToken: string;
}

interface CitizenAuth {
  citizen: Citizen | null;
  /** True until a stored sign-in (or the identity provider's answer) has been read. */
  loading: boolean;
  error: string | null;
  signIn(returnTo?: string): void;
  signOut(): void;
}

const AuthContext = createContext<CitizenAuth>({
  citizen: null,
  loading: false,
  error: null,
  signIn: () => undefined,
  signOut: () => undefined,
});
export const useCitizen = () => useContext(AuthContext);

/** The token the API client sends: set while a citizen is signed in (most visitors never are). */
let currentToken: string | undefined;
export const citizenToken = () => currentToken;

const RETURN_TO = 'portal.return-to';
const STORE_PREFIX = 'oidc.user:';

function citizenOf(user: User | null): Citizen | null {
  if (!user || user.expired) return null;
  const p = user.profile;
  const name = [p.given_name, p.family_name].filter(Boolean).join(' ') || p.preferred_username || '';
  return {
    name,
    firstName: p.given_name ?? '',
    lastName: p.family_name ?? '',
    email: p.email_verified === false ? null : (p.email ?? null),
    accessToken: user.access_token,
  };
}

/**
 * Signing in is optional on the portal, so the OpenID Connect client (oidc-client-ts) is loaded only
 * when it is needed: the citizen presses "Sign in", comes back from the identity provider, or signed
 * in earlier in this tab. Anonymous visitors never download it.
 */
export function CitizenAuthProvider({
  children,
  onReturn,
}: {
  children: ReactNode;
  /** Back from the identity provider: go on to this path (the router's own navigation). */
  onReturn: (path: string) => void;
}) {
  const { oidcAuthority, oidcClientId } = useConfig();
  const [manager, setManager] = useState<Promise<UserManager> | null>(null);
  const [citizen, setCitizen] = useState<Citizen | null>(null);
  const [error, setError] = useState<string | null>(null);
  const returning = /[?&]code=/.test(window.location.search) && /[?&]state=/.test(window.location.search);
  const stored = Object.keys(sessionStorage).some((k) => k.startsWith(STORE_PREFIX));
  const [loading, setLoading] = useState(returning || stored);

  const load = useCallback(() => {
    const made = import('oidc-client-ts').then(({ UserManager, WebStorageStateStore }) => {
      const origin = window.location.origin;
      const um = new UserManager({
        authority: oidcAuthority,
        client_id: oidcClientId,
        redirect_uri: `${origin}/`,
        post_logout_redirect_uri: `${origin}/`,
        scope: 'openid profile email',
        // A tab keeps its own sign-in; closing the browser ends it (a shared computer in a library).
        userStore: new WebStorageStateStore({ store: window.sessionStorage }),
        automaticSilentRenew: true,
      });
      const show = (u: User | null) => {
        const c = citizenOf(u);
        currentToken = c?.accessToken;
        setCitizen(c);
      };
      um.events.addUserLoaded(show);
      um.events.addUserUnloaded(() => show(null));
      um.events.addAccessTokenExpired(() => show(null));
      return um;
    });
    setManager(made);
    return made;
  }, [oidcAuthority, oidcClientId]);

  useEffect(() => {
    if (!returning && !stored) return;
    void (async () => {
      try {
        const um = await load();
        if (returning) {
          await um.signinRedirectCallback();
          // The callback's ?code=&state= are spent: back to where the citizen was going.
          const back = sessionStorage.getItem(RETURN_TO) ?? '/me';
          sessionStorage.removeItem(RETURN_TO);
          onReturn(back);
        }
        const u = await um.getUser();
        const c = citizenOf(u);
        currentToken = c?.accessToken;
        setCitizen(c);
      } catch (e) {
        setError(String((e as Error).message ?? e));
      } finally {
        setLoading(false);
      }
    })();
    // Once, at start.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const value = useMemo<CitizenAuth>(
    () => ({
      citizen,
      loading,
      error,
      signIn: (returnTo = '/me') => {
        sessionStorage.setItem(RETURN_TO, returnTo);
        void (manager ?? load()).then((um) => um.signinRedirect({ ui_locales: i18n.language }));
      },
      signOut: () => {
        currentToken = undefined;
        setCitizen(null);
        void (manager ?? load()).then((um) => um.signoutRedirect());
      },
    }),
    [citizen, loading, error, manager, load],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}
