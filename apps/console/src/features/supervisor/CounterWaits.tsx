import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, minutesSeconds } from '@city/web-kit';
import { useNow } from '../../shared/use-now';
import { useApi } from '../../shared/api/client';
import type { CounterBoard, CounterOffices, OfficeTickets } from '../../shared/api/types';

/** How many wait at each office's counters, per queue. */
export function CounterWaits() {
  const { t } = useTranslation();
  const api = useApi();
  const offices = useQuery({
    queryKey: ['offices'],
    queryFn: () => api.get<CounterOffices>('workflow', '/api/v1/counters'),
  });
  const boards = useQueries({
    queries: (offices.data?.offices ?? []).map((o) => ({
      queryKey: ['board', o.id],
      queryFn: () => api.get<CounterBoard>('workflow', `/api/v1/counters/${encodeURIComponent(o.id)}/board`),
      refetchInterval: 5_000,
    })),
  });
  // Who has waited longest at each office (its waiting tickets, oldest first).
  const waiting = useQueries({
    queries: (offices.data?.offices ?? []).map((o) => ({
      queryKey: ['waiting', o.id],
      queryFn: () =>
        api.get<OfficeTickets>(
          'workflow',
          `/api/v1/counters/${encodeURIComponent(o.id)}/tickets?state=waiting`,
        ),
      refetchInterval: 5_000,
    })),
  });
  const now = useNow(5_000);
  if (offices.error) return <ErrorNotice error={offices.error} />;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('supervisor.office')}</th>
          <th scope="col">{t('supervisor.waiting')}</th>
          <th scope="col">{t('supervisor.perQueue')}</th>
          <th scope="col">{t('supervisor.longestWait')}</th>
        </tr>
      </thead>
      <tbody>
        {boards.map((b, i) =>
          b.data ? (
            <tr key={b.data.office.id}>
              <th scope="row">{b.data.office.name}</th>
              <td>{b.data.queues.reduce((n, q) => n + q.waiting, 0)}</td>
              <td>{b.data.queues.map((q) => `${q.letter} ${q.waiting}`).join(' · ')}</td>
              <td>
                {waiting[i]?.data?.tickets[0]
                  ? minutesSeconds(now - Date.parse(waiting[i].data.tickets[0].issuedAt))
                  : '—'}
              </td>
            </tr>
          ) : (
            <tr key={offices.data?.offices[i]?.id ?? i}>
              <th scope="row">{offices.data?.offices[i]?.name}</th>
              <td colSpan={3}>…</td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}
