import { lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Label, Radio, RadioGroup } from 'react-aria-components';
import { Button, Loading } from '@city/web-kit';
import { useConfig } from '../../app/config';
import { addTexts, cityLanguages } from '../../shared/i18n/i18n';
import { useIdle } from './idle';
import { IdleWarning } from './IdleWarning';
import { KioskProvider, useKiosk } from './kiosk-context';
import './kiosk.css';
import { checkForNewBuild, reloadIntoNewBuild, startOfflineShell } from './offline-shell';
import { kioskTexts } from './texts';

// Kiosk mode's texts, in the portal's catalogues from the moment its chunk is loaded.
addTexts(kioskTexts);

// Each screen its own chunk, all fetched once the kiosk starts: an offline kiosk must not need the network for a screen.
const screens = {
  home: () => import('./HomeScreen'),
  report: () => import('./ReportScreen'),
  ticket: () => import('./TicketScreen'),
  setup: () => import('./SetupScreen'),
};
const Home = lazy(screens.home);
const Report = lazy(screens.report);
const Ticket = lazy(screens.ticket);
const Setup = lazy(screens.setup);

const screen = (node: ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;
/** How often a kiosk left alone asks whether a new build is deployed. */
const NEW_BUILD_CHECK_MS = 60 * 60 * 1000;

/**
 * Kiosk mode (/kiosk): the portal on the touch screens in town halls and libraries. A device signed
 * in by staff, big targets, requests kept on the device while offline, and a fresh start for the
 * next citizen after a period without a touch.
 */
export default function KioskApp() {
  return (
    <KioskProvider>
      <KioskFrame />
    </KioskProvider>
  );
}

function KioskFrame() {
  const { t, i18n } = useTranslation();
  const { cityName, kioskIdleSeconds } = useConfig();
  const kiosk = useKiosk();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  // The language the kiosk starts in, and goes back to for the next citizen.
  const [homeLanguage] = useState(() => i18n.language);
  /** Bumped to start again: every screen below is made anew, with nothing of the last citizen. */
  const [session, setSession] = useState(0);

  useEffect(() => {
    document.documentElement.classList.add('kiosk-mode');
    for (const load of Object.values(screens)) void load();
    // The offline shell: a restart without the network still starts the kiosk (offline-shell.ts).
    startOfflineShell();
    const check = setInterval(checkForNewBuild, NEW_BUILD_CHECK_MS);
    return () => {
      clearInterval(check);
      document.documentElement.classList.remove('kiosk-mode');
    };
  }, []);

  const startAgain = useCallback(() => {
    // A newer build took over while this citizen was here: the fresh start is a reload into it.
    if (reloadIntoNewBuild()) return;
    checkForNewBuild();
    queryClient.clear();
    void i18n.changeLanguage(homeLanguage);
    setSession((s) => s + 1);
    (document.activeElement as HTMLElement | null)?.blur?.();
    window.getSelection()?.removeAllRanges();
    void navigate('/kiosk', { replace: true });
    window.scrollTo(0, 0);
  }, [queryClient, i18n, homeLanguage, navigate]);

  const atHome = /^\/kiosk\/?$/.test(pathname);
  const underWay = !!kiosk.device && (!atHome || i18n.language !== homeLanguage);
  const idle = useIdle(
    kioskIdleSeconds && kioskIdleSeconds > 0 ? kioskIdleSeconds : 90,
    underWay,
    startAgain,
  );

  return (
    <div className="kiosk">
      <header className="kiosk-top">
        <p className="brand">
          {t('app.name', { city: cityName })}
          {kiosk.device ? <span className="kiosk-location"> · {kiosk.device.location}</span> : null}
        </p>
        <RadioGroup
          className="kiosk-languages"
          orientation="horizontal"
          value={i18n.language}
          onChange={(l) => void i18n.changeLanguage(l)}
        >
          <Label className="visually-hidden">{t('kiosk.language')}</Label>
          {cityLanguages().map((l) => (
            <Radio key={l} value={l} className="kiosk-language" lang={l}>
              {t(`languages.${l}`)}
            </Radio>
          ))}
        </RadioGroup>
        {underWay ? (
          <Button variant="secondary" className="kiosk-again" onPress={startAgain}>
            {t('kiosk.startAgain')}
          </Button>
        ) : null}
      </header>
      <main id="main" className="kiosk-main" key={session}>
        <Routes>
          <Route index element={kiosk.device ? screen(<Home />) : <Navigate to="setup" replace />} />
          <Route
            path="report/:code"
            element={
              kiosk.device ? screen(<Report onDone={startAgain} />) : <Navigate to="/kiosk/setup" replace />
            }
          />
          <Route
            path="ticket"
            element={
              kiosk.device ? screen(<Ticket onDone={startAgain} />) : <Navigate to="/kiosk/setup" replace />
            }
          />
          <Route path="setup" element={screen(<Setup />)} />
          <Route path="*" element={<Navigate to="/kiosk" replace />} />
        </Routes>
      </main>
      <footer className="kiosk-foot">
        <p role="status" className={kiosk.online ? 'kiosk-online' : 'kiosk-offline'}>
          {kiosk.online ? t('kiosk.online') : t('kiosk.offline')}
          {kiosk.outbox.pending > 0 ? ` ${t('kiosk.pending', { count: kiosk.outbox.pending })}` : null}
        </p>
        <Link to="/kiosk/setup" className="kiosk-staff">
          {t('kiosk.staff')}
        </Link>
      </footer>
      <IdleWarning phase={idle.phase} onStay={idle.stay} />
    </div>
  );
}
