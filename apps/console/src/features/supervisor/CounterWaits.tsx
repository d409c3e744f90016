import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import type { CounterBoard, CounterOffices } from '../../shared/api/types';

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
  if (offices.error) return <ErrorNotice error={offices.error} />;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('supervisor.office')}</th>
          <th scope="col">{t('supervisor.waiting')}</th>
          <th scope="col">{t('supervisor.perQueue')}</th>
        </tr>
      </thead>
      <tbody>
        {boards.map((b, i) =>
          b.data ? (
            <tr key={b.data.office.id}>
              <th scope="row">{b.data.office.name}</th>
              <td>{b.data.queues.reduce((n, q) => n + q.waiting, 0)}</td>
              <td>{b.data.queues.map((q) => `${q.letter} ${q.waiting}`).join(' · ')}</td>
            </tr>
          ) : (
            <tr key={offices.data?.offices[i]?.id ?? i}>
              <th scope="row">{offices.data?.offices[i]?.name}</th>
              <td colSpan={2}>…</td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}
