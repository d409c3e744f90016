import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  Button,
  Done,
  ErrorNotice,
  Loading,
  Panel,
  relativeTime,
  SlaBadge,
  slaOf,
} from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import type { HeldItems, WorkItem } from '../../shared/api/types';
import { ProfileForm } from '../work-profile/ProfileForm';
import { useNow } from '../../shared/use-now';
import { useTitle } from '../../shared/use-title';
import { useServiceName } from '../../shared/catalogue';

/** An agent's own work: what they hold, with due times and service-level state, and "take next". */
export default function MyWorkPage() {
  const { t, i18n } = useTranslation();
  useTitle('work');
  const serviceName = useServiceName();
  const api = useApi();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const now = useNow();
  const [nothing, setNothing] = useState(false);
  const held = useQuery({
    queryKey: ['my-items'],
    queryFn: () => api.get<HeldItems>('workflow', '/api/v1/agents/me/items'),
    refetchInterval: 10_000,
  });
  const takeNext = useMutation({
    mutationFn: () => api.send<WorkItem | undefined>('workflow', 'POST', '/api/v1/agents/me/take-next'),
    onSuccess: async (item) => {
      await qc.invalidateQueries({ queryKey: ['my-items'] });
      if (!item) return setNothing(true);
      setNothing(false);
      void navigate(`/cases/${item.reference}`);
    },
  });
  const noProfile = takeNext.error instanceof ApiError && takeNext.error.status === 404;

  return (
    <>
      <h1>{t('work.title')}</h1>
      <div className="actions">
        <Button onPress={() => takeNext.mutate()} isDisabled={takeNext.isPending}>
          {t('work.takeNext')}
        </Button>
      </div>
      {nothing ? <Done>{t('work.nothingWaiting')}</Done> : null}
      {noProfile ? (
        <p role="alert" className="notice notice-warn">
          {t('work.noProfile')}
        </p>
      ) : (
        <ErrorNotice error={takeNext.error} />
      )}
      <Panel title={t('work.heldTitle')}>
        {held.isPending ? <Loading /> : null}
        <ErrorNotice error={held.error} />
        {held.data && held.data.items.length === 0 ? <p>{t('work.noneHeld')}</p> : null}
        {held.data && held.data.items.length > 0 ? (
          <table>
            <caption className="visually-hidden">{t('work.heldTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('case.reference')}</th>
                <th scope="col">{t('case.service')}</th>
                <th scope="col">{t('case.channel')}</th>
                <th scope="col">{t('case.queue')}</th>
                <th scope="col">{t('case.priority')}</th>
                <th scope="col">{t('case.due')}</th>
                <th scope="col">{t('case.sla')}</th>
              </tr>
            </thead>
            <tbody>
              {held.data.items.map((w) => (
                <tr key={w.caseId}>
                  <td>
                    <Link to={`/cases/${w.reference}`}>{w.reference}</Link>
                  </td>
                  <td>{serviceName(w.service)}</td>
                  <td>{t(`channels.${w.channel}`)}</td>
                  <td>{w.queue}</td>
                  <td>{w.priority}</td>
                  <td>{w.dueAt.resolution ? relativeTime(w.dueAt.resolution, now, i18n.language) : '—'}</td>
                  <td>
                    <SlaBadge state={slaOf(w.sla, w.dueAt.resolution, w.receivedAt, now)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Panel>
      <Panel title={t('work.profileTitle')}>
        <ProfileForm onSaved={() => takeNext.reset()} />
      </Panel>
    </>
  );
}
