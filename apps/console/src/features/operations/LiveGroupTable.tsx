import { useTranslation } from 'react-i18next';
import { relativeTime } from '@city/web-kit';
import { durationText, orDash } from './format';
import type { LiveGroup } from './ops-types';

/** Breaches first, then work at risk, then the most waiting: what needs someone first is on top. */
const byUrgency = (a: LiveGroup, b: LiveGroup) =>
  b.breached - a.breached || b.atRisk - a.atRisk || b.waiting - a.waiting || a.key.localeCompare(b.key);

/**
 * The open work per queue, service, channel or district: a table with a header per column and per
 * row, so a screen reader says which group and which figure each number is.
 */
export function LiveGroupTable({
  groups,
  groupLabel,
  caption,
  nameOf,
  now,
}: {
  groups: LiveGroup[];
  /** The first column's heading: queue, service, channel, district. */
  groupLabel: string;
  caption: string;
  nameOf: (key: string) => string;
  now: number;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  if (groups.length === 0) return <p>{t('operations.noOpenWork')}</p>;
  return (
    <table className="figures">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{groupLabel}</th>
          <th scope="col">{t('operations.col.waiting')}</th>
          <th scope="col">{t('operations.col.held')}</th>
          <th scope="col">{t('operations.col.waitingForCitizen')}</th>
          <th scope="col">{t('operations.col.oldestWaiting')}</th>
          <th scope="col">{t('operations.col.waitP50')}</th>
          <th scope="col">{t('operations.col.waitP90')}</th>
          <th scope="col">{t('operations.col.atRisk')}</th>
          <th scope="col">{t('operations.col.breached')}</th>
          <th scope="col">{t('operations.col.resolvedLastHour')}</th>
        </tr>
      </thead>
      <tbody>
        {[...groups].sort(byUrgency).map((g) => (
          <tr
            key={g.key}
            data-key={g.key}
            className={g.breached > 0 ? 'row-breached' : g.atRisk > 0 ? 'row-at-risk' : undefined}
          >
            <th scope="row">{g.key === '(none)' ? t('operations.none') : nameOf(g.key)}</th>
            <td>{g.waiting}</td>
            <td>{g.held}</td>
            <td>{g.waitingForCitizen}</td>
            <td>{g.oldestWaitingSince ? relativeTime(g.oldestWaitingSince, now, language) : '—'}</td>
            <td>{orDash(g.waitP50Seconds, (s) => durationText(s, language))}</td>
            <td>{orDash(g.waitP90Seconds, (s) => durationText(s, language))}</td>
            <td>{g.atRisk}</td>
            <td>{g.breached}</td>
            <td>{g.resolvedLastHour}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
