import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Loading, Panel } from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import type { Citizen360 } from '../../shared/api/types';
import { CitizenRecord } from '../citizen-record/CitizenRecord';
import { NewRequest } from '../new-request/NewRequest';
import { contactFrom } from '../new-request/NewRequestPage';
import { popOf } from './pops';
import { useTitle } from '../../shared/use-title';

/**
 * The screen a call pops: the caller's record (matched by number) with their open cases, due times
 * and latest contacts on every channel, and a request for them in one step; for a number the record
 * does not know, the new-request form with the number filled in.
 */
export default function CallPage() {
  const { t } = useTranslation();
  useTitle('call');
  const api = useApi();
  const { callId = '' } = useParams();
  const pop = popOf(callId);
  const number = pop?.callerNumber ?? null;
  const citizenId = pop?.caller?.citizenId ?? null;
  const record = useQuery({
    queryKey: ['citizen', citizenId],
    enabled: !!citizenId,
    queryFn: () => api.get<Citizen360>('cases', `/api/v1/citizens/${citizenId}`),
  });
  const name = record.data
    ? [record.data.citizen.firstName, record.data.citizen.lastName].filter(Boolean).join(' ') ||
      t('citizen.unnamed')
    : null;
  return (
    <div data-call-id={callId}>
      <h1>{t('call.title', { number: number ?? t('call.withheld') })}</h1>
      {!pop ? (
        <p role="status" className="notice notice-warn">
          {t('call.gone')} <Link to="/search">{t('call.findCaller')}</Link>
        </p>
      ) : null}
      {pop?.queue ? <p>{t('call.line.queue', { queue: pop.queue })}</p> : null}
      {citizenId ? (
        <>
          {record.isPending ? <Loading /> : null}
          <ErrorNotice error={record.error} />
          {record.data ? (
            <>
              <h2>
                <Link to={`/citizens/${record.data.citizen.id}`}>{name}</Link>
              </h2>
              <CitizenRecord record={record.data} latest={5} />
              <Panel title={t('call.newRequestFor', { name })}>
                <NewRequest
                  key={callId}
                  on={{ channel: 'phone', callId, ...(number ? { callerNumber: number } : {}) }}
                  initial={contactFrom(record.data, number)}
                />
              </Panel>
            </>
          ) : null}
        </>
      ) : !pop ? null : (
        <Panel title={t('call.unknownNumber')}>
          <p>{t('call.unknownHelp')}</p>
          <NewRequest
            key={callId}
            on={{ channel: 'phone', callId, ...(number ? { callerNumber: number } : {}) }}
            initial={contactFrom(undefined, number)}
          />
        </Panel>
      )}
    </div>
  );
}
