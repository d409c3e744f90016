import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Loading } from '@city/web-kit';
import { useConfig } from '../../app/config';
import { kioskServices } from './catalogue-cache';
import { useKiosk } from './kiosk-context';
import { useScreenTitle } from './screen-title';

/** The kiosk's first screen: a tile to tap for each service offered at kiosks, by group, and the counter's tickets. */
export default function HomeScreen() {
  const { t, i18n } = useTranslation();
  const { kioskOffices } = useConfig();
  const { device, refused } = useKiosk();
  const heading = useScreenTitle(t('kiosk.home.title'));
  const services = useQuery({
    queryKey: ['kiosk', 'services', i18n.language],
    queryFn: () => kioskServices(i18n.language),
    // Offline too: the kiosk's catalogue answers from what it kept (react-query would only wait).
    networkMode: 'always',
  });
  const office = device ? kioskOffices?.[device.deviceId] : undefined;
  const all = services.data ?? [];
  const groups = [...new Set(all.map((s) => s.group))].sort((a, b) => a.localeCompare(b, i18n.language));
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('kiosk.home.title')}
      </h1>
      {refused ? (
        <p role="alert" className="notice notice-warn">
          {t('kiosk.refused')}
        </p>
      ) : null}
      <p className="kiosk-lead">{t('kiosk.home.lead')}</p>
      {office ? (
        <Link to="/kiosk/ticket" className="kiosk-tile kiosk-tile-ticket">
          <span className="kiosk-tile-name">{t('kiosk.counter.tile')}</span>
          <span className="kiosk-tile-text">{t('kiosk.counter.tileText')}</span>
        </Link>
      ) : null}
      {services.isPending ? <Loading /> : null}
      <ErrorNotice error={services.error} />
      {groups.map((g, i) => (
        <section key={g} aria-labelledby={`kiosk-group-${i}`}>
          <h2 id={`kiosk-group-${i}`}>{g}</h2>
          <ul className="kiosk-tiles">
            {all
              .filter((s) => s.group === g)
              .map((s) => (
                <li key={s.code}>
                  <Link to={`/kiosk/report/${s.code}`} className="kiosk-tile">
                    <span className="kiosk-tile-name">{s.name}</span>
                    <span className="kiosk-tile-text">{s.description}</span>
                  </Link>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </>
  );
}
