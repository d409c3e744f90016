import { useEffect, type ReactNode } from 'react';
import { useAuth } from 'react-oidc-context';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import i18n from 'i18next';
import { hasRole, useSession, type Role } from '../shared/auth/session';
import { Loading } from '@city/web-kit';
import { Button } from '@city/web-kit';

export const RETURN_TO = 'console.return-to';

/** Everything inside needs a signed-in person: otherwise to the identity provider and back here. */
export function SignedIn({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const { t } = useTranslation();
  const signingIn = !auth.isAuthenticated && !auth.isLoading && !auth.activeNavigator && !auth.error;
  useEffect(() => {
    if (signingIn) {
      // Where to come back to after the identity provider (App's onSigninCallback reads it).
      sessionStorage.setItem(RETURN_TO, window.location.pathname + window.location.search);
      void auth.signinRedirect({ ui_locales: i18n.language });
    }
  }, [signingIn, auth]);
  if (auth.error)
    return (
      <main className="signin">
        <div role="alert" className="notice notice-error">
          <p>{t('auth.failed')}</p>
          <p>{auth.error.message}</p>
        </div>
        <Button onPress={() => void auth.signinRedirect({ ui_locales: i18n.language })}>
          {t('auth.signIn')}
        </Button>
      </main>
    );
  if (!auth.isAuthenticated) return <Loading />;
  return <ReturnAfterSignIn>{children}</ReturnAfterSignIn>;
}

/**
 * Back from the identity provider (on `/`), the person goes on to where they were going before the
 * screens under `/` decide anything (the start screen would otherwise send them to their default).
 */
function ReturnAfterSignIn({ children }: { children: ReactNode }) {
  const location = useLocation();
  const back = sessionStorage.getItem(RETURN_TO);
  const here = location.pathname + location.search;
  useEffect(() => {
    if (back !== null && back === here) sessionStorage.removeItem(RETURN_TO);
  }, [back, here]);
  if (back !== null && back !== here) return <Navigate to={back} replace />;
  return <>{children}</>;
}

/** A screen only some roles may use. The services refuse the others anyway; this only saves them the trip. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const session = useSession();
  const { t } = useTranslation();
  if (!hasRole(session, ...roles))
    return (
      <div role="alert" className="notice notice-error">
        <h1>{t('auth.noAccessTitle')}</h1>
        <p>{t('auth.noAccess', { roles: roles.map((r) => t(`roles.${r}`)).join(', ') })}</p>
      </div>
    );
  return <>{children}</>;
}
