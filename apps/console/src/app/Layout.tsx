import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from 'react-oidc-context';
import { useTranslation } from 'react-i18next';
import { hasRole, useSession } from '../shared/auth/session';
import { chooseLanguage, LANGUAGES, preferredLanguage, type Language } from '../shared/i18n/i18n';
import { Button, Choose } from '@city/web-kit';
import { ScreenPopListener } from '../features/screen-pop/ScreenPopListener';
import { Presence } from '../features/work-profile/Presence';

/** The frame of every staff screen: a skip link, the screens this person may use, language, sign-out. */
export function Layout() {
  const { t, i18n } = useTranslation();
  const auth = useAuth();
  const session = useSession();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);

  // Each person's own language, as they chose it on this device.
  useEffect(() => {
    if (!session) return;
    const l = preferredLanguage(session.name);
    if (l !== i18n.language) void i18n.changeLanguage(l);
  }, [session?.name, i18n, session]);

  // A new screen moves the focus to its content, as a page load would for a screen reader.
  useEffect(() => {
    main.current?.focus();
  }, [location.pathname]);

  const staff = hasRole(session, 'agent', 'clerk', 'supervisor');
  const links = [
    { to: '/work', label: t('nav.work'), show: staff },
    { to: '/search', label: t('nav.search'), show: staff },
    { to: '/new-request', label: t('nav.newRequest'), show: staff },
    { to: '/counter', label: t('nav.counter'), show: hasRole(session, 'clerk', 'supervisor') },
    { to: '/supervisor', label: t('nav.supervisor'), show: hasRole(session, 'supervisor') },
    { to: '/operations', label: t('nav.operations'), show: hasRole(session, 'supervisor', 'ops') },
    { to: '/reports', label: t('nav.reports'), show: hasRole(session, 'supervisor', 'ops') },
    { to: '/dead-letters', label: t('nav.deadLetters'), show: hasRole(session, 'ops', 'admin') },
    { to: '/ambitions', label: t('nav.ambitions'), show: hasRole(session, 'admin') },
    { to: '/job-queues', label: t('nav.jobQueues'), show: hasRole(session, 'admin') },
    { to: '/retention', label: t('nav.retention'), show: hasRole(session, 'admin') },
    { to: '/cities', label: t('nav.cities'), show: hasRole(session, 'admin') },
  ].filter((l) => l.show);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top">
        <p className="brand">{t('app.name')}</p>
        <nav aria-label={t('nav.label')}>
          <ul>
            {links.map((l) => (
              <li key={l.to}>
                <NavLink to={l.to}>{l.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <Choose
            label={t('nav.language')}
            value={i18n.language}
            onChange={(l) => void chooseLanguage(l as Language, session?.name ?? null)}
            choices={LANGUAGES.map((l) => ({ id: l, label: t(`languages.${l}`) }))}
          />
          <p>
            {t('nav.signedInAs', { name: session?.displayName ?? '' })}
            {session?.office ? ` · ${t('nav.office', { office: session.office })}` : ''}
          </p>
          <Button variant="secondary" onPress={() => void auth.signoutRedirect()}>
            {t('nav.signOut')}
          </Button>
        </div>
      </header>
      {hasRole(session, 'agent') ? <ScreenPopListener /> : null}
      {staff ? <Presence /> : null}
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
