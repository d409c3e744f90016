import { useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Panel } from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import { BOARDS, boardUrl, openBoard, type Board } from './job-queues';
import { useTitle } from '../../shared/use-title';

/**
 * Job queues, for administrators: what each service's BullMQ queues hold (waiting, delayed, active,
 * failed jobs), on each service's Bull Board, read-only. The server refuses anyone but an
 * administrator; this screen is only the way in.
 */
export default function JobQueuesPage() {
  const { t } = useTranslation();
  useTitle('jobQueues');
  const api = useApi();
  const [failed, setFailed] = useState<{ service: Board; error: unknown } | null>(null);

  const onOpen = (service: Board) => (e: MouseEvent<HTMLAnchorElement>) => {
    // The link works as a link (its address, a new tab); the click sets the board's session first.
    e.preventDefault();
    setFailed(null);
    openBoard(api, service, (url) => window.open(url, '_blank', 'noopener')).catch((error: unknown) =>
      setFailed({ service, error }),
    );
  };

  return (
    <>
      <h1>{t('jobQueues.title')}</h1>
      <p>{t('jobQueues.intro')}</p>
      {BOARDS.map((service) => (
        <Panel key={service} title={t(`jobQueues.${service}.title`)}>
          <p>{t(`jobQueues.${service}.what`)}</p>
          <p>
            <a href={boardUrl(service)} target="_blank" rel="noopener noreferrer" onClick={onOpen(service)}>
              {t(`jobQueues.${service}.open`)}
            </a>
          </p>
          {failed?.service === service ? <ErrorNotice error={failed.error} /> : null}
        </Panel>
      ))}
    </>
  );
}
