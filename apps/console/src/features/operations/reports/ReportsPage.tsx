import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useTitle } from '../../../shared/use-title';
import { ChannelShift } from './ChannelShift';
import { Demand } from './Demand';
import { ProcessReview } from './ProcessReview';
import { SelfAssessment } from './SelfAssessment';
import { StandardOfService } from './StandardOfService';

/**
 * The ops-monitor's reports, one tab each (`/reports?report=<id>`, so a report can be bookmarked; a
 * query, not a path, as a new path moves the focus to the screen's top, away from the tabs). A new report is a new entry here: its id (the ops-monitor's route
 * name), its texts under `reports.tabs.<id>`, and its component.
 */
const REPORTS: Array<{ id: string; render: () => ReactNode }> = [
  { id: 'standard-of-service', render: () => <StandardOfService /> },
  { id: 'channel-shift', render: () => <ChannelShift /> },
  { id: 'demand', render: () => <Demand /> },
  { id: 'process-review', render: () => <ProcessReview /> },
  { id: 'self-assessment', render: () => <SelfAssessment /> },
];

export default function ReportsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const report = params.get('report');
  const selected = REPORTS.find((r) => r.id === report)?.id ?? REPORTS[0].id;
  useTitle('reports', { report: t(`reports.tabs.${selected}`) });
  return (
    <>
      <h1>{t('reports.title')}</h1>
      <Tabs
        className="tabset"
        selectedKey={selected}
        onSelectionChange={(k) => setParams({ report: String(k) }, { replace: true })}
      >
        <TabList aria-label={t('reports.which')} className="tabs">
          {REPORTS.map((r) => (
            <Tab key={r.id} id={r.id} className="tab">
              {t(`reports.tabs.${r.id}`)}
            </Tab>
          ))}
        </TabList>
        {REPORTS.map((r) => (
          <TabPanel key={r.id} id={r.id} className="tab-panel">
            {r.render()}
          </TabPanel>
        ))}
      </Tabs>
    </>
  );
}
