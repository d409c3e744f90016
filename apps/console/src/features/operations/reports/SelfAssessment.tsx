import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Loading } from '@city/web-kit';
import { useServiceName } from '../../../shared/catalogue';
import type { SelfAssessment as Assessment, Verdict } from '../ops-types';
import { CsvDownload, lastThirtyDays, periodQuery, ReportForm, type Period } from './ReportForm';
import { percentText } from './report-format';
import { channelsOf, csvPath, useReport } from './useReport';

const VERDICT_CLASS: Record<Verdict, string> = {
  met: 'badge sla-ok',
  'not-met': 'badge sla-at-risk',
  'no-data': 'badge',
  'no-ambition': 'badge',
};

/**
 * The city's self-assessment by the national service list (LGSL): for each service, the channels
 * that offer it, and its ambitions (offered online, digital take-up, within the service level) beside
 * what it achieved in the period, each met or not.
 */
export function SelfAssessment() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const serviceName = useServiceName();
  const [draft, setDraft] = useState<Period>(lastThirtyDays);
  const [asked, setAsked] = useState<Period>(draft);
  const report = useReport<Assessment>('self-assessment', periodQuery(asked));
  const r = report.data;
  const channel = (c: string) => t(`channels.${c}`, { defaultValue: c });
  const verdict = (v: Verdict) => <span className={VERDICT_CLASS[v]}>{t(`reports.verdict.${v}`)}</span>;
  const against = (actual: number | null, aim: number | null) =>
    aim === null
      ? percentText(actual, t, language)
      : t('reports.assessment.against', {
          actual: percentText(actual, t, language),
          aim: percentText(aim, t, language),
        });
  const channels = r ? channelsOf(...r.rows.map((x) => x.channels)) : [];
  return (
    <>
      <p>{t('reports.assessment.intro')}</p>
      <ReportForm period={draft} onPeriod={setDraft} onSubmit={() => setAsked(draft)} error={report.error} />
      {report.isFetching ? <Loading /> : null}
      <ErrorNotice error={report.error} />
      {r ? (
        <section aria-labelledby="assessment-result" className="report">
          <h2 id="assessment-result">{t('reports.tabs.self-assessment')}</h2>
          <p className="report-summary">
            {t('reports.assessment.summary', {
              count: r.rows.length,
              online: r.counts.online.met,
              takeUpMet: r.counts.digitalTakeUp.met,
              takeUpNotMet: r.counts.digitalTakeUp['not-met'],
              slaMet: r.counts.withinSla.met,
              slaNotMet: r.counts.withinSla['not-met'],
            })}
          </p>
          <CsvDownload
            path={csvPath('self-assessment', periodQuery(asked))}
            fallbackName={`self-assessment-${asked.from.toString()}.csv`}
          />
          <table className="figures">
            <caption>{t('reports.assessment.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.assessment.lgsl')}</th>
                <th scope="col">{t('reports.assessment.services')}</th>
                <th scope="col">{t('reports.assessment.channels')}</th>
                <th scope="col">{t('reports.assessment.online')}</th>
                <th scope="col">{t('reports.assessment.takeUp')}</th>
                <th scope="col">{t('reports.assessment.withinSla')}</th>
                <th scope="col">{t('reports.sos.col.volume')}</th>
              </tr>
            </thead>
            <tbody>
              {r.rows.map((x) => (
                <tr key={x.lgslId}>
                  <th scope="row">{x.lgslName ? `${x.lgslId} ${x.lgslName}` : x.lgslId}</th>
                  <td>{x.services.map(serviceName).join(', ') || '—'}</td>
                  <td>
                    {channels
                      .filter((c) => x.channels[c as keyof typeof x.channels])
                      .map(channel)
                      .join(', ') || '—'}
                  </td>
                  <td>{verdict(x.online.verdict)}</td>
                  <td>
                    {against(x.digitalTakeUp.percent, x.digitalTakeUp.ambitionPercent)}{' '}
                    {verdict(x.digitalTakeUp.verdict)}
                  </td>
                  <td>
                    {against(x.withinSla.percent, x.withinSla.ambitionPercent)} {verdict(x.withinSla.verdict)}
                  </td>
                  <td>{x.requests}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
