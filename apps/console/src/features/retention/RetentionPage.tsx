import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { Button, dateTime, ErrorNotice, Loading, Panel } from '@city/web-kit';
import { ApiError, useApi } from '../../shared/api/client';
import { useServiceName } from '../../shared/catalogue';
import { useTitle } from '../../shared/use-title';

/** A retention run as the case-service reports it. */
export interface RetentionRun {
  id: string;
  ranAt: string;
  ranBy: string;
  cases: number;
  casesByService: Record<string, number>;
  /** Under way, or how it ended (null: before outcomes were recorded). */
  outcome: 'under-way' | 'done' | 'stopped' | 'cut-short' | null;
}

/**
 * The retention of finished requests' personal data (docs/personal-data.md), for administrators:
 * each run (the nightly one, or an administrator's) with when, by whom and how many requests of each
 * service it anonymised, and how it ended; and a run now, after saying yes to what it does. One run
 * of a city at a time: one asked for while another is under way is refused by the case-service, and
 * said so here. The case-service refuses anyone but an administrator; this screen is only the way in.
 */
export default function RetentionPage() {
  const { t, i18n } = useTranslation();
  useTitle('retention');
  const api = useApi();
  const client = useQueryClient();
  const serviceName = useServiceName();
  const [asking, setAsking] = useState(false);
  const runs = useQuery({
    queryKey: ['retention', 'runs'],
    queryFn: () => api.get<{ runs: RetentionRun[] }>('cases', '/api/v1/retention/runs?limit=30'),
    // While a run is under way, read again now and then: its report and outcome show once it ends.
    refetchInterval: (q) => (q.state.data?.runs.some((r) => r.outcome === 'under-way') ? 5_000 : false),
  });
  const run = useMutation({
    mutationFn: () => api.send<RetentionRun>('cases', 'POST', '/api/v1/retention/runs'),
    onSettled: () => void client.invalidateQueries({ queryKey: ['retention'] }),
  });

  return (
    <>
      <h1>{t('retention.title')}</h1>
      <p>{t('retention.intro')}</p>
      <p>
        <Button variant="danger" onPress={() => setAsking(true)} isDisabled={run.isPending}>
          {t('retention.runNow')}
        </Button>
      </p>
      {run.isPending ? <Loading /> : null}
      {run.isSuccess ? <p role="status">{t('retention.done', { count: run.data.cases })}</p> : null}
      {run.error instanceof ApiError && run.error.code === 'retention.run-under-way' ? (
        <p role="alert" className="notice notice-warn">
          {t('retention.underWay')}
        </p>
      ) : (
        <ErrorNotice error={run.error} />
      )}
      <Panel title={t('retention.runs')}>
        <ErrorNotice error={runs.error} />
        {runs.isLoading ? <Loading /> : null}
        {runs.data && runs.data.runs.length === 0 ? <p>{t('retention.none')}</p> : null}
        {runs.data && runs.data.runs.length > 0 ? (
          <table className="figures">
            <caption className="visually-hidden">{t('retention.runsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('retention.col.ranAt')}</th>
                <th scope="col">{t('retention.col.ranBy')}</th>
                <th scope="col">{t('retention.col.cases')}</th>
                <th scope="col">{t('retention.col.services')}</th>
                <th scope="col">{t('retention.col.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.runs.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <time dateTime={r.ranAt}>{dateTime(r.ranAt, i18n.language)}</time>
                  </th>
                  <td>{r.ranBy === 'schedule' ? t('retention.bySchedule') : r.ranBy}</td>
                  <td>{r.cases}</td>
                  <td>
                    {Object.entries(r.casesByService)
                      .map(([code, n]) => `${serviceName(code)}: ${n}`)
                      .join(', ') || '—'}
                  </td>
                  <td>{r.outcome ? t(`retention.outcome.${r.outcome}`) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Panel>
      <ModalOverlay className="modal-overlay" isOpen={asking} isDismissable onOpenChange={setAsking}>
        <Modal className="modal">
          <Dialog role="alertdialog" className="modal-dialog" aria-describedby="retention-confirm-text">
            <Heading slot="title">{t('retention.confirmTitle')}</Heading>
            <p id="retention-confirm-text">{t('retention.confirmText')}</p>
            <div className="actions">
              <Button variant="secondary" onPress={() => setAsking(false)} autoFocus>
                {t('retention.cancel')}
              </Button>
              <Button
                variant="danger"
                onPress={() => {
                  setAsking(false);
                  run.mutate();
                }}
              >
                {t('retention.run')}
              </Button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </>
  );
}
