import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Loading, Panel, relativeTime } from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import type { AgentsLoad, QueueSummary, QueuesOverview } from '../../shared/api/types';
import { useNow } from '../../shared/use-now';
import { BreachList } from './BreachList';
import { CounterWaits } from './CounterWaits';
import { useTitle } from '../../shared/use-title';

/** The queues that need a supervisor first: breaches, then items at risk, then the longest queues. */
const byUrgency = (a: QueueSummary, b: QueueSummary) =>
  b.breached - a.breached || b.atRisk - a.atRisk || b.waiting - a.waiting || a.queue.localeCompare(b.queue);

/**
 * The live picture a supervisor acts from: each queue's waiting items, the oldest, and the items at
 * risk or breached; each agent's load; the waits at each office's counters; and the breaches to act
 * on (reassign, raise priority). It refreshes every few seconds without a reload.
 */
export default function SupervisorPage() {
  const { t, i18n } = useTranslation();
  useTitle('supervisor');
  const api = useApi();
  const now = useNow(5_000);
  const queues = useQuery({
    queryKey: ['queues'],
    queryFn: () => api.get<QueuesOverview>('workflow', '/api/v1/queues'),
    refetchInterval: 3_000,
  });
  const agents = useQuery({
    queryKey: ['agents'],
    queryFn: () => api.get<AgentsLoad>('workflow', '/api/v1/agents'),
    refetchInterval: 5_000,
  });
  return (
    <>
      <h1>{t('supervisor.title')}</h1>
      <Panel title={t('supervisor.breaches')}>
        <BreachList
          agents={agents.data?.agents ?? []}
          queues={(queues.data?.queues ?? []).map((q) => q.queue)}
        />
      </Panel>
      <Panel title={t('supervisor.atRisk')}>
        <BreachList
          sla="at-risk"
          agents={agents.data?.agents ?? []}
          queues={(queues.data?.queues ?? []).map((q) => q.queue)}
        />
      </Panel>
      <Panel title={t('supervisor.queues')}>
        {queues.isPending ? <Loading /> : null}
        <ErrorNotice error={queues.error} />
        {queues.data ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('case.queue')}</th>
                <th scope="col">{t('supervisor.waiting')}</th>
                <th scope="col">{t('supervisor.assigned')}</th>
                <th scope="col">{t('supervisor.oldest')}</th>
                <th scope="col">{t('sla.at-risk')}</th>
                <th scope="col">{t('sla.breached')}</th>
              </tr>
            </thead>
            <tbody>
              {[...queues.data.queues].sort(byUrgency).map((q) => (
                <tr
                  key={q.queue}
                  className={q.breached > 0 ? 'row-breached' : q.atRisk > 0 ? 'row-at-risk' : undefined}
                >
                  <th scope="row">{q.queue}</th>
                  <td>{q.waiting}</td>
                  <td>{q.assigned}</td>
                  <td>
                    {q.oldestWaitingSince ? relativeTime(q.oldestWaitingSince, now, i18n.language) : '—'}
                  </td>
                  <td>{q.atRisk}</td>
                  <td>{q.breached}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Panel>
      <Panel title={t('supervisor.agents')}>
        <ErrorNotice error={agents.error} />
        {agents.data ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('supervisor.agent')}</th>
                <th scope="col">{t('supervisor.signedIn')}</th>
                <th scope="col">{t('work.queues')}</th>
                <th scope="col">{t('supervisor.load')}</th>
                <th scope="col">{t('supervisor.oldestHeld')}</th>
                <th scope="col">{t('supervisor.nextDue')}</th>
              </tr>
            </thead>
            <tbody>
              {[...agents.data.agents]
                .sort((a, b) => Number(b.signedIn) - Number(a.signedIn) || a.id.localeCompare(b.id))
                .map((a) => (
                  <tr key={a.id}>
                    <th scope="row">{a.id}</th>
                    <td>
                      {a.signedIn
                        ? t('supervisor.present')
                        : a.lastSeenAt
                          ? t('supervisor.lastSeen', { when: relativeTime(a.lastSeenAt, now, i18n.language) })
                          : t('supervisor.notSeen')}
                    </td>
                    <td>{a.queues.join(', ')}</td>
                    <td>{t('supervisor.holding', { holding: a.holding, capacity: a.capacity })}</td>
                    <td>{a.oldestAssignedAt ? relativeTime(a.oldestAssignedAt, now, i18n.language) : '—'}</td>
                    <td>{a.nextDueAt ? relativeTime(a.nextDueAt, now, i18n.language) : '—'}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        ) : null}
      </Panel>
      <Panel title={t('supervisor.counters')}>
        <CounterWaits />
      </Panel>
    </>
  );
}
