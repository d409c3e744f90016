import { useTranslation } from 'react-i18next';
import { relativeTime } from '@city/web-kit';
import { numberText, orDash } from './format';
import type { CounterQueueFigures } from './ops-types';

/**
 * The town-hall counters, one table per office: each queue's tickets waiting and being served, how
 * long the first in line has waited, the clerks at work on it, and the wait a citizen taking a ticket
 * now would be told (the desk's own estimate); then the day so far.
 */
export function CountersTables({ counters, now }: { counters: CounterQueueFigures[]; now: number }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const offices = [...new Map(counters.map((c) => [c.office, c.officeName])).entries()];
  const minutes = (n: number) => t('operations.counters.minutes', { count: n, n: numberText(n, language) });
  return (
    <>
      {offices.map(([office, name]) => (
        <table className="figures" key={office}>
          <caption>{name}</caption>
          <thead>
            <tr>
              <th scope="col">{t('operations.counters.queue')}</th>
              <th scope="col">{t('operations.col.waiting')}</th>
              <th scope="col">{t('operations.counters.serving')}</th>
              <th scope="col">{t('operations.col.oldestWaiting')}</th>
              <th scope="col">{t('operations.counters.clerks')}</th>
              <th scope="col">{t('operations.counters.estimatedWait')}</th>
              <th scope="col">{t('operations.counters.minutesPerVisit')}</th>
              <th scope="col">{t('operations.counters.servedToday')}</th>
              <th scope="col">{t('operations.counters.noShowsToday')}</th>
              <th scope="col">{t('operations.counters.averageWaitToday')}</th>
            </tr>
          </thead>
          <tbody>
            {counters
              .filter((c) => c.office === office)
              .map((c) => (
                <tr key={c.queue}>
                  <th scope="row">{c.queue}</th>
                  <td>{c.waiting}</td>
                  <td>{c.serving}</td>
                  <td>{c.oldestWaitingSince ? relativeTime(c.oldestWaitingSince, now, language) : '—'}</td>
                  <td>{c.clerks}</td>
                  <td>{minutes(c.estimatedWaitMinutes)}</td>
                  <td>{minutes(c.minutesPerVisit)}</td>
                  <td>{c.servedToday}</td>
                  <td>{c.noShowsToday}</td>
                  <td>{orDash(c.averageWaitTodayMinutes, minutes)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      ))}
    </>
  );
}
