import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Loading } from '@city/web-kit';
import { useServiceName } from '../../../shared/catalogue';
import { displayLocale } from '../format';
import type { DemandInsight, Interval } from '../ops-types';
import { IntervalChoice } from './IntervalChoice';
import { CsvDownload, lastThirtyDays, periodQuery, ReportForm, type Period } from './ReportForm';
import { periodLabel } from './report-format';
import { channelsOf, csvPath, useReport } from './useReport';

interface Question extends Period {
  interval: Interval;
}
const queryOf = (q: Question) => `${periodQuery(q)}&interval=${q.interval}`;

/** Demand insight: what citizens ask for, from where (district) and how (channel), over time. */
export function Demand() {
  const { t, i18n } = useTranslation();
  const locale = displayLocale(i18n.language);
  const serviceName = useServiceName();
  const [draft, setDraft] = useState<Question>(() => ({ ...lastThirtyDays(), interval: 'week' }));
  const [asked, setAsked] = useState<Question>(draft);
  const report = useReport<DemandInsight>('demand', queryOf(asked));
  const r = report.data;
  const channel = (c: string) => t(`channels.${c}`, { defaultValue: c });
  const district = (d: string) => (d === '(none)' ? t('operations.none') : d);
  const channels = r
    ? channelsOf(...r.services.map((s) => s.byChannel), ...r.periods.map((p) => p.byChannel))
    : [];
  return (
    <>
      <p>{t('reports.demand.intro')}</p>
      <ReportForm
        period={draft}
        onPeriod={(p) => setDraft((d) => ({ ...d, ...p }))}
        onSubmit={() => setAsked(draft)}
        error={report.error}
      >
        <IntervalChoice
          value={draft.interval}
          onChange={(interval) => setDraft((d) => ({ ...d, interval }))}
        />
      </ReportForm>
      {report.isFetching ? <Loading /> : null}
      <ErrorNotice error={report.error} />
      {r ? (
        <section aria-labelledby="demand-result" className="report">
          <h2 id="demand-result">{t('reports.tabs.demand')}</h2>
          <CsvDownload
            path={csvPath('demand', queryOf(asked))}
            fallbackName={`demand-${asked.from.toString()}.csv`}
          />
          {r.services.length === 0 ? (
            <p>{t('reports.sos.noRequests')}</p>
          ) : (
            <>
              <table className="figures">
                <caption>{t('reports.demand.whatAndHow')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.sos.service')}</th>
                    <th scope="col">{t('reports.sos.col.volume')}</th>
                    {channels.map((c) => (
                      <th key={c} scope="col">
                        {channel(c)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {r.services.map((s) => (
                    <tr key={s.serviceCode}>
                      <th scope="row">{serviceName(s.serviceCode)}</th>
                      <td>{s.requests}</td>
                      {channels.map((c) => (
                        <td key={c}>{s.byChannel[c] ?? 0}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              <table className="figures">
                <caption>{t('reports.demand.where')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('operations.groupColumn.byDistrict')}</th>
                    <th scope="col">{t('reports.sos.col.volume')}</th>
                    <th scope="col">{t('reports.demand.topServices')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.districts.map((d) => (
                    <tr key={d.district}>
                      <th scope="row">{district(d.district)}</th>
                      <td>{d.requests}</td>
                      <td>
                        {d.topServices
                          .map((s) =>
                            t('reports.demand.serviceCount', {
                              name: serviceName(s.serviceCode),
                              n: s.requests,
                            }),
                          )
                          .join(', ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <table className="figures">
                <caption>
                  {t('reports.demand.overTime', { interval: t(`reports.intervals.${r.interval}`) })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.period')}</th>
                    <th scope="col">{t('reports.sos.col.volume')}</th>
                    {channels.map((c) => (
                      <th key={c} scope="col">
                        {channel(c)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {r.periods.map((p) => (
                    <tr key={p.period}>
                      <th scope="row">{periodLabel(p.period, r.interval, locale, t)}</th>
                      <td>{p.requests}</td>
                      {channels.map((c) => (
                        <td key={c}>{p.byChannel[c] ?? 0}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      ) : null}
    </>
  );
}
