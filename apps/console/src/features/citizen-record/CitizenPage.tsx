import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';

import { ErrorNotice, Loading, Panel, dateTime } from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import type { Citizen360, CitizenMessages } from '../../shared/api/types';
import { CitizenRecord } from './CitizenRecord';
import { ErasurePanel } from '../personal-data/ErasurePanel';
import { PersonalDataPanel } from '../personal-data/PersonalDataPanel';
import { RestrictedNotice } from '../personal-data/RestrictedNotice';
import { RestrictionPanel } from '../personal-data/RestrictionPanel';
import { hasRole, useSession } from '../../shared/auth/session';
import { MergeForm } from './MergeForm';
import { useTitle } from '../../shared/use-title';

/** A citizen's one record across every channel: contacts, cases, contacts on each channel, messages, merges. */
export default function CitizenPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  useTitle('citizen');
  const api = useApi();
  const session = useSession();
  const record = useQuery({
    queryKey: ['citizen', id],
    queryFn: () => api.get<Citizen360>('cases', `/api/v1/citizens/${encodeURIComponent(id)}`),
    refetchInterval: 10_000,
  });
  const messages = useQuery({
    queryKey: ['citizen-messages', id],
    queryFn: () =>
      api.get<CitizenMessages>('notifications', `/api/v1/citizens/${encodeURIComponent(id)}/messages`),
  });
  if (record.isPending) return <Loading />;
  if (record.error) return <ErrorNotice error={record.error} />;
  const r = record.data;
  const name = [r.citizen.firstName, r.citizen.lastName].filter(Boolean).join(' ') || t('citizen.unnamed');
  return (
    <>
      <h1>{t('citizen.title', { name })}</h1>
      {r.citizen.mergedInto ? (
        <p className="notice notice-warn" role="status">
          {t('citizen.mergedInto')}{' '}
          <Link to={`/citizens/${r.citizen.mergedInto}`}>{t('citizen.openSurvivor')}</Link>
        </p>
      ) : null}
      {r.citizen.erasedAt ? (
        <p className="notice notice-warn" role="status">
          {t('citizen.erased', { date: dateTime(r.citizen.erasedAt, i18n.language) })}
        </p>
      ) : null}
      {r.citizen.restriction ? <RestrictedNotice restriction={r.citizen.restriction} /> : null}
      <CitizenRecord record={r} />
      <Panel title={t('citizen.messages')}>
        <ErrorNotice error={messages.error} />
        {messages.data && messages.data.messages.length === 0 ? <p>{t('case.noMessages')}</p> : null}
        <ul className="plain">
          {messages.data?.messages.map((m) => (
            <li key={m.id}>
              {dateTime(m.at, i18n.language)} · <Link to={`/cases/${m.reference}`}>{m.reference}</Link> ·{' '}
              {t(`updateChannels.${m.medium}`, { defaultValue: m.medium })} · {m.subject} ·{' '}
              {t(`delivery.${m.outcome}`)}
            </li>
          ))}
        </ul>
      </Panel>
      {/* Staff who work requests merge; an administrator (who may only reverse a merge) and a
          restricted record (409) are refused by the service. */}
      {!r.citizen.mergedInto && !r.citizen.restriction && hasRole(session, 'agent', 'clerk', 'supervisor') ? (
        <Panel title={t('merge.title')}>
          <MergeForm survivorId={r.citizen.id} suggestedId={r.citizen.possibleMatchOf} />
        </Panel>
      ) : null}
      {!r.citizen.mergedInto ? <PersonalDataPanel citizenId={r.citizen.id} /> : null}
      {/* Administrators only: the service refuses everyone else. */}
      {!r.citizen.mergedInto && hasRole(session, 'admin') ? (
        <RestrictionPanel citizenId={r.citizen.id} restriction={r.citizen.restriction} />
      ) : null}
      {!r.citizen.mergedInto && hasRole(session, 'admin') ? <ErasurePanel citizenId={r.citizen.id} /> : null}
      {r.merges.length > 0 ? (
        <Panel title={t('merge.history')}>
          <ul className="plain">
            {r.merges.map((m) => (
              <li key={m.id}>
                {dateTime(m.mergedAt, i18n.language)} · {m.mergedBy} · {m.reason}
                {m.reversal ? ` · ${t('merge.reversed')}` : ''}
              </li>
            ))}
          </ul>
        </Panel>
      ) : null}
    </>
  );
}
