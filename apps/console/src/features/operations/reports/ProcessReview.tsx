import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Loading } from '@city/web-kit';
import { useServiceName } from '../../../shared/catalogue';
import { numberText, orDash } from '../format';
import type { ProcessReview as Review } from '../ops-types';
import { CsvDownload, lastThirtyDays, periodQuery, ReportForm, type Period } from './ReportForm';
import { csvPath, useReport } from './useReport';

/** Process review: the time each service's cases spend in each status, and where each process waits. */
export function ProcessReview() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const serviceName = useServiceName();
  const [draft, setDraft] = useState<Period>(lastThirtyDays);
  const [asked, setAsked] = useState<Period>(draft);
  const report = useReport<Review>('process-review', periodQuery(asked));
  const r = report.data;
  const hours = (n: number | null) => orDash(n, (v) => numberText(v, language));
  const status = (s: string) => t(`status.${s}`, { defaultValue: s });
  return (
    <>
      <p>{t('reports.process.intro')}</p>
      <ReportForm period={draft} onPeriod={setDraft} onSubmit={() => setAsked(draft)} error={report.error} />
      {report.isFetching ? <Loading /> : null}
      <ErrorNotice error={report.error} />
      {r ? (
        <section aria-labelledby="process-result" className="report">
          <h2 id="process-result">{t('reports.tabs.process-review')}</h2>
          <CsvDownload
            path={csvPath('process-review', periodQuery(asked))}
            fallbackName={`process-review-${asked.from.toString()}.csv`}
          />
          {r.services.length === 0 ? <p>{t('reports.sos.noRequests')}</p> : null}
          {r.services.map((s) => {
            const longest = s.longest ? s.steps.find((x) => x.status === s.longest?.status) : undefined;
            return (
              <div key={s.serviceCode}>
                {s.longest ? (
                  <p>
                    {t('reports.process.longest', {
                      service: serviceName(s.serviceCode),
                      share: numberText(s.longest.sharePercent, language),
                      status: status(s.longest.status),
                      median: hours(longest?.p50Hours ?? null),
                    })}
                  </p>
                ) : null}
                <table className="figures">
                  <caption>{serviceName(s.serviceCode)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('reports.process.status')}</th>
                      <th scope="col">{t('reports.process.spans')}</th>
                      <th scope="col">{t('reports.process.stillIn')}</th>
                      <th scope="col">{t('reports.process.p50')}</th>
                      <th scope="col">{t('reports.process.p90')}</th>
                      <th scope="col">{t('reports.process.total')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.steps.map((x) => (
                      <tr
                        key={x.status}
                        className={x.status === s.longest?.status ? 'row-at-risk' : undefined}
                      >
                        <th scope="row">{status(x.status)}</th>
                        <td>{x.spans}</td>
                        <td>{x.stillIn}</td>
                        <td>{hours(x.p50Hours)}</td>
                        <td>{hours(x.p90Hours)}</td>
                        <td>{hours(x.totalHours)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          })}
        </section>
      ) : null}
    </>
  );
}
