import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Choose } from '@city/web-kit';
import { useCitizen } from '../shared/auth/citizen-auth';
import { chooseLanguage, cityLanguages, type Language } from '../shared/i18n/i18n';
import { useConfig } from './config';

/** The frame of every page: a skip link, the city, what one can do here, and the language. */
export function Layout() {
  const { t, i18n } = useTranslation();
  const { cityName } = useConfig();
  const { citizen, signIn, signOut } = useCitizen();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    main.current?.focus();
  }, [location.pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top">
        <p className="brand">{t('app.name', { city: cityName })}</p>
        <nav aria-label={t('nav.label')}>
          <ul>
            <li>
              <NavLink to="/" end>
                {t('nav.report')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/track">{t('nav.follow')}</NavLink>
            </li>
            <li>
              <NavLink to="/me">{t('nav.mine')}</NavLink>
            </li>
          </ul>
        </nav>
        <div className="who">
          {citizen ? (
            <Button variant="secondary" onPress={signOut}>
              {t('auth.signOut', { name: citizen.name })}
            </Button>
          ) : (
            <Button variant="secondary" onPress={() => signIn('/me')}>
              {t('auth.signIn')}
            </Button>
          )}
          <Choose
            label={t('nav.language')}
            value={i18n.language}
            onChange={(l) => void chooseLanguage(l as Language)}
            choices={cityLanguages().map((l) => ({ id: l, label: t(`languages.${l}`) }))}
          />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
