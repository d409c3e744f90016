import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Choose, Done, ErrorNotice, relativeTime } from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import type { AgentLoad, SlaItems, WorkItem } from '../../shared/api/types';
import { useNow } from '../../shared/use-now';

/** Breached (or at-risk) items, most urgent first, each with what a supervisor can do about it. */
export function BreachList({
  agents,
  queues,
  sla = 'breached',
}: {
  agents: AgentLoad[];
  queues: string[];
  sla?: 'breached' | 'at-risk';
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const now = useNow(5_000);
  const breaches = useQuery({
    queryKey: ['breaches', sla],
    queryFn: () => api.get<SlaItems>('workflow', `/api/v1/work-items?sla=${sla}&limit=50`),
    refetchInterval: 3_000,
  });
  if (breaches.error) return <ErrorNotice error={breaches.error} />;
  const items = breaches.data?.items ?? [];
  if (breaches.data && items.length === 0)
    return <p>{t(sla === 'breached' ? 'supervisor.noBreaches' : 'supervisor.noAtRisk')}</p>;
  return (
    <ul className="breaches" data-sla={sla}>
      {items.map((w) => (
        <li key={w.caseId}>
          <p>
            <Link to={`/cases/${w.reference}`}>{w.reference}</Link> · {w.service} · {w.queue} ·{' '}
            {t('case.priority')} {w.priority} · {w.assignee ?? t('case.nobody')} ·{' '}
            {t('supervisor.overdue', {
              when: w.sla?.dueAt ? relativeTime(w.sla.dueAt, now, i18n.language) : '—',
            })}
          </p>
          <BreachActions item={w} agents={agents} queues={queues} />
        </li>
      ))}
    </ul>
  );
}

function BreachActions({ item, agents, queues }: { item: WorkItem; agents: AgentLoad[]; queues: string[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const [agent, setAgent] = useState<string | null>(null);
  const [priority, setPriority] = useState<string | null>(null);
  const done = () => {
    void qc.invalidateQueries({ queryKey: ['breaches'] });
    void qc.invalidateQueries({ queryKey: ['queues'] });
    void qc.invalidateQueries({ queryKey: ['agents'] });
  };
  const reassign = useMutation({
    mutationFn: (target: string) =>
      api.send<WorkItem>(
        'workflow',
        'POST',
        `/api/v1/work-items/${item.caseId}/reassign`,
        target.startsWith('queue:') ? { queue: target.slice(6) } : { agentId: target },
      ),
    onSuccess: done,
  });
  const raise = useMutation({
    mutationFn: (p: number) =>
      api.send<WorkItem>('workflow', 'POST', `/api/v1/work-items/${item.caseId}/priority`, { priority: p }),
    onSuccess: done,
  });
  return (
    <div className="row">
      <Choose
        label={t('supervisor.reassignTo', { reference: item.reference })}
        value={agent}
        onChange={setAgent}
        placeholder={t('supervisor.choose')}
        choices={[
          ...agents.map((a) => ({
            id: a.id,
            label: t('supervisor.agentChoice', { id: a.id, free: a.free }),
          })),
          ...queues.map((q) => ({ id: `queue:${q}`, label: t('supervisor.queueChoice', { queue: q }) })),
        ]}
      />
      <Button
        variant="secondary"
        aria-label={`${t('supervisor.reassign')} ${item.reference}`}
        isDisabled={!agent || reassign.isPending}
        onPress={() => agent && reassign.mutate(agent)}
      >
        {t('supervisor.reassign')}
      </Button>
      <Choose
        label={t('supervisor.priorityOf', { reference: item.reference })}
        value={priority}
        onChange={setPriority}
        placeholder={String(item.priority)}
        choices={[1, 2, 3, 4].map((p) => ({ id: String(p), label: t(`priority.${p}`) }))}
      />
      <Button
        variant="secondary"
        aria-label={`${t('supervisor.setPriority')} ${item.reference}`}
        isDisabled={!priority || raise.isPending}
        onPress={() => priority && raise.mutate(Number(priority))}
      >
        {t('supervisor.setPriority')}
      </Button>
      <ErrorNotice error={reassign.error ?? raise.error} />
      {reassign.isSuccess ? <Done>{t('supervisor.reassigned')}</Done> : null}
      {raise.isSuccess ? <Done>{t('supervisor.prioritySet')}</Done> : null}
    </div>
  );
}
