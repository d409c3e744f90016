import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ACTIVE_STATUSES } from '@city/domain-cases';
import { Panel, SlaBadge, dateTime, relativeTime, slaState } from '@city/web-kit';
import type { Citizen360 } from '../../shared/api/types';
import { useNow } from '../../shared/use-now';
import { useServiceName } from '../../shared/catalogue';

/**
 * What an agent or clerk needs of a person at a glance (the screen-pop shows the same): how to reach
 * them, their open cases with due times, and their latest contacts on every channel.
 */
export function CitizenRecord({ record: r, latest = 10 }: { record: Citizen360; latest?: number }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const serviceName = useServiceName();
  const open = r.cases.filter((c) => ACTIVE_STATUSES.includes(c.status));
  const closed = r.cases.filter((c) => !ACTIVE_STATUSES.includes(c.status));
  return (
    <div className="columns">
      <Panel title={t('citizen.contact')}>
        <ul className="plain">
          {r.citizen.contactPoints.map((cp) => (
            <li key={`${cp.kind}:${cp.value}`}>
              {t(`contact.${cp.kind}`)}: {cp.value}
            </li>
          ))}
        </ul>
        <p>
          {t('citizen.updatesBy', { channel: t(`updateChannels.${r.citizen.preferredChannel}`) })} ·{' '}
          {t(`languages.${r.citizen.language}`, { defaultValue: r.citizen.language })}
          {r.citizen.supportNeeds ? ` · ${t('citizen.supportNeeds')}` : ''}
        </p>
        <p>
          {t('citizen.channelsUsed', {
            channels: r.channels.map((c) => t(`channels.${c}`, { defaultValue: c })).join(', '),
          })}
        </p>
      </Panel>
      <Panel title={t('citizen.openCases', { count: open.length })}>
        {open.length === 0 ? <p>{t('citizen.noOpenCases')}</p> : null}
        <ul className="plain">
          {open.map((c) => (
            <li key={c.id}>
              <Link to={`/cases/${c.reference}`}>{c.reference}</Link> · {serviceName(c.service.code)} ·{' '}
              {t(`status.${c.status}`)} ·{' '}
              {c.dueAt.resolution ? (
                <>
                  {t('case.dueIn', { when: relativeTime(c.dueAt.resolution, now, i18n.language) })}{' '}
                  <SlaBadge state={slaState(c.dueAt.resolution, c.receivedAt, now)} />
                </>
              ) : (
                t('case.noDue')
              )}
            </li>
          ))}
        </ul>
        {closed.length > 0 ? (
          <details>
            <summary>{t('citizen.closedCases', { count: closed.length })}</summary>
            <ul className="plain">
              {closed.map((c) => (
                <li key={c.id}>
                  <Link to={`/cases/${c.reference}`}>{c.reference}</Link> · {serviceName(c.service.code)} ·{' '}
                  {t(`status.${c.status}`)}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </Panel>
      <Panel title={t('citizen.latestContacts')}>
        {r.interactions.length === 0 ? <p>{t('case.noInteractions')}</p> : null}
        <ul className="plain">
          {[...r.interactions]
            .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
            .slice(0, latest)
            .map((x) => (
              <li key={x.id}>
                {dateTime(x.occurredAt, i18n.language)} ·{' '}
                {t(`channels.${x.channel}`, { defaultValue: x.channel })} ·{' '}
                {t(`interactions.${x.kind}`, { defaultValue: x.kind })} — {x.summary}
              </li>
            ))}
        </ul>
      </Panel>
    </div>
  );
}
