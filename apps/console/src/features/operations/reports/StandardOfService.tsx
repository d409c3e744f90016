import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FieldError, Group, Input, Label, NumberField, Text } from 'react-aria-components';
import { ErrorNotice, fieldReason, Loading } from '@city/web-kit';
import { useApi } from '../../../shared/api/client';
import { useServiceName } from '../../../shared/catalogue';
import { displayLocale, numberText, orDash } from '../format';
import type { ServiceChannelFigures, ServiceReport, StandardOfServiceReport } from '../ops-types';
import { ParityChart } from './ParityChart';
import { CsvDownload, lastThirtyDays, periodQuery, ReportForm, type Period } from './ReportForm';
import { findingText, summaryText } from './standard-of-service-texts';

interface Question extends Period {
  /** Percentage points; null: the city's setting (PARITY_MARGIN). */
  margin: number | null;
}

const queryOf = (q: Question) => `${periodQuery(q)}${q.margin === null ? '' : `&margin=${q.margin}`}`;

/**
 * The standard-of-service report: over a period, per service, each channel's figures beside the
 * service on all channels, and every channel that does worse than the others by more than the margin,
 * in sentences; a chart of the share within the service level per channel; the same as CSV.
 */
export function StandardOfService() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const api = useApi();
  const serviceName = useServiceName();
  const [draft, setDraft] = useState<Question>(() => ({ ...lastThirtyDays(), margin: null }));
  const [asked, setAsked] = useState<Question>(draft);
  const report = useQuery({
    queryKey: ['report', 'standard-of-service', queryOf(asked)],
    queryFn: () =>
      api.get<StandardOfServiceReport>('ops', `/api/v1/reports/standard-of-service?${queryOf(asked)}`),
    retry: false,
  });
  return (
    <>
      <p>{t('reports.sos.intro')}</p>
      <ReportForm
        period={draft}
        onPeriod={(p) => setDraft((d) => ({ ...d, ...p }))}
        onSubmit={() => setAsked(draft)}
        error={report.error}
      >
        <NumberField
          className="field margin-field"
          value={draft.margin ?? NaN}
          onChange={(v) => setDraft((d) => ({ ...d, margin: Number.isNaN(v) ? null : v }))}
          minValue={0}
          maxValue={100}
          step={1}
          isInvalid={!!fieldReason(report.error, 'margin')}
          validationBehavior="aria"
        >
          <Label>{t('reports.sos.margin')}</Label>
          <Group>
            <Input />
          </Group>
          <Text slot="description">{t('reports.sos.marginHint')}</Text>
          <FieldError className="field-error">{fieldReason(report.error, 'margin')}</FieldError>
        </NumberField>
      </ReportForm>
      {report.isFetching ? <Loading /> : null}
      <ErrorNotice error={report.error} />
      {report.data ? (
        <ReportBody
          report={report.data}
          serviceName={serviceName}
          csvPath={`/api/v1/reports/standard-of-service?${queryOf(asked)}&format=csv`}
          csvName={`standard-of-service-${asked.from.toString()}.csv`}
          language={language}
        />
      ) : null}
    </>
  );
}

function ReportBody({
  report,
  serviceName,
  csvPath,
  csvName,
  language,
}: {
  report: StandardOfServiceReport;
  serviceName: (code: string) => string;
  csvPath: string;
  csvName: string;
  language: string;
}) {
  const { t } = useTranslation();
  const lastDay = new Date(Date.parse(report.to) - 86_400_000).toISOString().slice(0, 10);
  const day = (iso: string) =>
    new Intl.DateTimeFormat(displayLocale(language), { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(iso),
    );
  return (
    <section aria-labelledby="sos-result" className="report">
      <h2 id="sos-result">{t('reports.sos.resultTitle', { from: day(report.from), to: day(lastDay) })}</h2>
      <p className={`report-summary ${report.findings.length ? 'report-summary-findings' : ''}`}>
        {summaryText(report, t, language)}
      </p>
      <p className="form-note">
        {t('reports.sos.rules', { margin: numberText(report.margin, language), minCases: report.minCases })}
      </p>
      <CsvDownload path={csvPath} fallbackName={csvName} />
      <h3>{t('reports.sos.findings')}</h3>
      {report.findings.length === 0 ? (
        <p>{t('reports.sos.noFindings')}</p>
      ) : (
        <ul className="findings">
          {report.findings.map((f) => (
            <li key={`${f.serviceCode}/${f.channel}/${f.measure}`}>
              {findingText(f, t, serviceName, language)}
            </li>
          ))}
        </ul>
      )}
      {report.services.length === 0 ? (
        <p>{t('reports.sos.noRequests')}</p>
      ) : (
        <>
          <ParityChart services={report.services} serviceName={serviceName} />
          {report.services.map((s) => (
            <ServiceTable key={s.serviceCode} service={s} serviceName={serviceName} language={language} />
          ))}
        </>
      )}
    </section>
  );
}

/** One service: a row per channel, then the service on all channels; a flagged channel says so. */
function ServiceTable({
  service,
  serviceName,
  language,
}: {
  service: ServiceReport;
  serviceName: (code: string) => string;
  language: string;
}) {
  const { t } = useTranslation();
  const hours = (n: number | null) => orDash(n, (v) => numberText(v, language));
  const pct = (n: number | null) =>
    orDash(n, (v) => t('reports.percent', { value: numberText(v, language) }));
  const flagged = new Set(service.findings.map((f) => f.channel));
  const row = (f: ServiceChannelFigures) => {
    const isFlagged = f.channel !== null && flagged.has(f.channel);
    return (
      <tr
        key={f.channel ?? 'all'}
        className={f.channel === null ? 'row-total' : isFlagged ? 'row-at-risk' : undefined}
      >
        <th scope="row">
          {f.channel === null
            ? t('reports.sos.allChannels')
            : t(`channels.${f.channel}`, { defaultValue: f.channel })}
          {isFlagged ? <span className="badge sla-at-risk">{t('reports.sos.flagged')}</span> : null}
        </th>
        <td>{f.volume}</td>
        <td>{hours(f.firstResponseP50Hours)}</td>
        <td>{hours(f.firstResponseP90Hours)}</td>
        <td>{hours(f.resolutionP50Hours)}</td>
        <td>{hours(f.resolutionP90Hours)}</td>
        <td>{pct(f.withinSlaPercent)}</td>
        <td>{pct(f.reopenPercent)}</td>
        <td>{pct(f.duplicatePercent)}</td>
        <td>
          {f.satisfactionMean === null
            ? '—'
            : t('reports.sos.satisfactionOf', {
                mean: numberText(f.satisfactionMean, language, 2),
                count: f.satisfactionAnswers,
              })}
        </td>
      </tr>
    );
  };
  const name = serviceName(service.serviceCode);
  return (
    <table className="figures service-report">
      <caption>
        {service.lgslId === null ? name : t('reports.sos.serviceCaption', { name, lgsl: service.lgslId })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('reports.sos.channel')}</th>
          <th scope="col">{t('reports.sos.col.volume')}</th>
          <th scope="col">{t('reports.sos.col.firstResponseP50')}</th>
          <th scope="col">{t('reports.sos.col.firstResponseP90')}</th>
          <th scope="col">{t('reports.sos.col.resolutionP50')}</th>
          <th scope="col">{t('reports.sos.col.resolutionP90')}</th>
          <th scope="col">{t('reports.sos.col.withinSla')}</th>
          <th scope="col">{t('reports.sos.col.reopened')}</th>
          <th scope="col">{t('reports.sos.col.duplicates')}</th>
          <th scope="col">{t('reports.sos.col.satisfaction')}</th>
        </tr>
      </thead>
      <tbody>{[...service.channels, service.all].map(row)}</tbody>
    </table>
  );
}
