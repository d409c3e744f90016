import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { Loading, Panel, relativeTime } from '@city/web-kit';
import { useServiceName } from '../../shared/catalogue';
import { useNow } from '../../shared/use-now';
import { useTitle } from '../../shared/use-title';
import { AgentsTable } from './AgentsTable';
import { CountersTables } from './CountersTables';
import { durationText } from './format';
import { LiveGroupTable } from './LiveGroupTable';
import type { LiveFigures } from './ops-types';
import { ThroughputChart } from './ThroughputChart';
import { useLiveFigures } from './useLiveFigures';

type Grouping = 'byQueue' | 'byService' | 'byChannel' | 'byDistrict';
const GROUPINGS: Grouping[] = ['byQueue', 'byService', 'byChannel', 'byDistrict'];

/**
 * The operations board, live: the ops-monitor pushes its figures (server-sent events) after every
 * change, so what a queue, a service, a channel or a district has open, how long it has waited, what
 * is at risk or breached and what was resolved this hour are on screen within about a second, with
 * no reload; who is signed in and what they hold; the town-hall counters' queues and waits; the last 24 hours' throughput; and how fresh the figures are. Breaches and
 * work at risk are announced to screen readers as they come, nothing else.
 */
export default function OperationsPage() {
  const { t } = useTranslation();
  useTitle('operations');
  const now = useNow(5_000);
  const serviceName = useServiceName();
  const { figures, state, changes } = useLiveFigures();
  const [grouping, setGrouping] = useState<Grouping>('byQueue');

  // What the latest push changed that is worth saying (breaches, work at risk), politely: the region
  // speaks when its words change, and a repeat cannot be the same words (the totals only grow).
  const announcement = changes
    .map((c) => t(c.key, { queue: c.queue, count: c.count, total: c.total }))
    .join(' ');

  const nameOf: Record<Grouping, (key: string) => string> = {
    byQueue: (k) => k,
    byService: serviceName,
    byChannel: (k) => t(`channels.${k}`, { defaultValue: k }),
    byDistrict: (k) => k,
  };

  return (
    <>
      <h1>{t('operations.title')}</h1>
      <p aria-live="polite" className="visually-hidden">
        {announcement}
      </p>
      <Freshness figures={figures} state={state} now={now} />
      {!figures ? (
        state === 'refused' ? null : (
          <Loading />
        )
      ) : (
        <>
          <Panel title={t('operations.openWork')}>
            <Tabs
              className="tabset"
              selectedKey={grouping}
              onSelectionChange={(k) => setGrouping(k as Grouping)}
            >
              <TabList aria-label={t('operations.groupBy')} className="tabs">
                {GROUPINGS.map((g) => (
                  <Tab key={g} id={g} className="tab">
                    {t(`operations.grouping.${g}`)}
                  </Tab>
                ))}
              </TabList>
              {GROUPINGS.map((g) => (
                <TabPanel key={g} id={g} className="tab-panel">
                  <LiveGroupTable
                    groups={figures[g]}
                    groupLabel={t(`operations.groupColumn.${g}`)}
                    caption={t(`operations.grouping.${g}`)}
                    nameOf={nameOf[g]}
                    now={now}
                  />
                </TabPanel>
              ))}
            </Tabs>
          </Panel>
          <Panel title={t('operations.agents')}>
            <AgentsTable agents={figures.agents} signedIn={figures.signedIn} now={now} />
          </Panel>
          {figures.counters.length > 0 ? (
            <Panel title={t('operations.counters.title')}>
              <CountersTables counters={figures.counters} now={now} />
            </Panel>
          ) : null}
          <Panel title={t('operations.throughput.title')}>
            <ThroughputChart hours={figures.throughput} />
          </Panel>
        </>
      )}
    </>
  );
}

/** Whether the board is live, when its figures were made, and how far behind the streams they were. */
function Freshness({
  figures,
  state,
  now,
}: {
  figures: LiveFigures | null;
  state: ReturnType<typeof useLiveFigures>['state'];
  now: number;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <dl className="facts freshness">
      <div className="fact">
        <dt>{t('operations.stream.label')}</dt>
        <dd className={`line line-${state}`}>
          {/* A status: said when the line comes up, drops or is refused, which is rare and matters. */}
          <span role="status">{t(`operations.stream.${state}`)}</span>
        </dd>
      </div>
      {figures ? (
        <>
          <div className="fact">
            <dt>{t('operations.updated')}</dt>
            <dd>
              <time dateTime={figures.at}>
                {relativeTime(figures.at, Math.max(now, Date.parse(figures.at)), language)}
              </time>
            </dd>
          </div>
          <div className="fact">
            <dt>{t('operations.behind')}</dt>
            <dd>
              {figures.delaySeconds === null
                ? t('operations.noFactsYet')
                : t('operations.behindBy', { delay: durationText(figures.delaySeconds, language) })}
            </dd>
          </div>
        </>
      ) : null}
    </dl>
  );
}
