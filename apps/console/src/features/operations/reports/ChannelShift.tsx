import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError, Group, Input, Label, NumberField } from 'react-aria-components';
import { Choose, ErrorNotice, fieldReason, Loading } from '@city/web-kit';
import { useServiceList, useServiceName } from '../../../shared/catalogue';
import { displayLocale, numberText } from '../format';
import type { ChannelShiftReport, Interval } from '../ops-types';
import { IntervalChoice } from './IntervalChoice';
import { CsvDownload, lastThirtyDays, periodQuery, ReportForm, type Period } from './ReportForm';
import { money, periodLabel, percentText } from './report-format';
import { channelsOf, csvPath, useReport } from './useReport';

const CHANNEL_CHOICES = ['web', 'phone', 'kiosk', 'counter'];

interface Question extends Period {
  interval: Interval;
  /** A proposed shift: this share of the requests on one channel moved to another. */
  shiftFrom: string | null;
  shiftTo: string | null;
  percent: number | null;
  /** The shift for one service only ('' for every service). */
  service: string;
}

/** The choice that stands for every service (a service code is never empty). */
const EVERY_SERVICE = '*';

const queryOf = (q: Question) =>
  `${periodQuery(q)}&interval=${q.interval}` +
  (q.shiftFrom && q.shiftTo && q.percent !== null
    ? `&shift=${encodeURIComponent(`${q.shiftFrom}>${q.shiftTo}:${q.percent}`)}` +
      (q.service ? `&service=${encodeURIComponent(q.service)}` : '')
    : '');

/**
 * Channel shift: how many requests came on each channel over time, what that contact cost at the
 * city's unit costs, and what moving a share of one channel's requests to another would have saved.
 */
export function ChannelShift() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const locale = displayLocale(language);
  const serviceName = useServiceName();
  const [draft, setDraft] = useState<Question>(() => ({
    ...lastThirtyDays(),
    interval: 'week',
    shiftFrom: 'phone',
    shiftTo: 'web',
    percent: null,
    service: '',
  }));
  const services = useServiceList();
  const [asked, setAsked] = useState<Question>(draft);
  const report = useReport<ChannelShiftReport>('channel-shift', queryOf(asked));
  const r = report.data;
  const channel = (c: string) => t(`channels.${c}`, { defaultValue: c });
  const channels = r ? channelsOf(r.perContact, r.totals) : [];
  const all = r ? Object.values(r.totals).reduce((a, b) => a + b, 0) : 0;
  const choices = CHANNEL_CHOICES.map((c) => ({ id: c, label: channel(c) }));
  return (
    <>
      <p>{t('reports.shift.intro')}</p>
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
        <Choose
          label={t('reports.shift.from')}
          value={draft.shiftFrom}
          onChange={(shiftFrom) => setDraft((d) => ({ ...d, shiftFrom }))}
          choices={choices}
        />
        <Choose
          label={t('reports.shift.to')}
          value={draft.shiftTo}
          onChange={(shiftTo) => setDraft((d) => ({ ...d, shiftTo }))}
          choices={choices}
          error={fieldReason(report.error, 'shift')}
        />
        <NumberField
          className="field margin-field"
          value={draft.percent ?? NaN}
          onChange={(v) => setDraft((d) => ({ ...d, percent: Number.isNaN(v) ? null : v }))}
          minValue={0}
          maxValue={100}
          step={1}
          isInvalid={!!fieldReason(report.error, 'shift')}
          validationBehavior="aria"
        >
          <Label>{t('reports.shift.percent')}</Label>
          <Group>
            <Input />
          </Group>
          <FieldError className="field-error">{fieldReason(report.error, 'shift')}</FieldError>
        </NumberField>
        <Choose
          label={t('reports.shift.service')}
          value={draft.service || EVERY_SERVICE}
          onChange={(v) => setDraft((d) => ({ ...d, service: v === EVERY_SERVICE ? '' : v }))}
          choices={[
            { id: EVERY_SERVICE, label: t('reports.shift.everyService') },
            ...services.map((s) => ({ id: s.code, label: s.name })),
          ]}
          error={fieldReason(report.error, 'service')}
        />
      </ReportForm>
      {report.isFetching ? <Loading /> : null}
      <ErrorNotice error={report.error} />
      {r ? (
        <section aria-labelledby="shift-result" className="report">
          <h2 id="shift-result">{t('reports.tabs.channel-shift')}</h2>
          {r.shift ? (
            <p className="report-summary">
              {t(r.shift.saving >= 0 ? 'reports.shift.saving' : 'reports.shift.costsMore', {
                context: r.shift.serviceCode ? 'service' : undefined,
                service: r.shift.serviceCode ? serviceName(r.shift.serviceCode) : '',
                percent: numberText(r.shift.percent, language),
                from: channel(r.shift.from),
                to: channel(r.shift.to),
                moved: r.shift.moved,
                amount: money(Math.abs(r.shift.saving), r.currency, locale),
                share: numberText(r.cost === 0 ? 0 : (100 * r.shift.saving) / r.cost, language),
              })}
            </p>
          ) : null}
          <CsvDownload
            path={csvPath('channel-shift', queryOf(asked))}
            fallbackName={`channel-shift-${asked.from.toString()}.csv`}
          />
          <table className="figures">
            <caption>{t('reports.shift.byChannel')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.sos.channel')}</th>
                <th scope="col">{t('reports.sos.col.volume')}</th>
                <th scope="col">{t('reports.shift.share')}</th>
                <th scope="col">{t('reports.shift.perContact')}</th>
                <th scope="col">{t('reports.shift.cost')}</th>
              </tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <tr key={c}>
                  <th scope="row">{channel(c)}</th>
                  <td>{r.totals[c] ?? 0}</td>
                  <td>{percentText(all === 0 ? null : (100 * (r.totals[c] ?? 0)) / all, t, language)}</td>
                  <td>{r.perContact[c] === undefined ? '—' : money(r.perContact[c], r.currency, locale)}</td>
                  <td>{money((r.totals[c] ?? 0) * (r.perContact[c] ?? 0), r.currency, locale)}</td>
                </tr>
              ))}
              <tr className="row-total">
                <th scope="row">{t('reports.sos.allChannels')}</th>
                <td>{all}</td>
                <td>{percentText(all === 0 ? null : 100, t, language)}</td>
                <td>—</td>
                <td>{money(r.cost, r.currency, locale)}</td>
              </tr>
            </tbody>
          </table>
          {r.services.length === 0 ? (
            <p>{t('reports.sos.noRequests')}</p>
          ) : (
            <table className="figures">
              <caption>{t('reports.shift.byService')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.sos.service')}</th>
                  {channels.map((c) => (
                    <th key={c} scope="col">
                      {channel(c)}
                    </th>
                  ))}
                  <th scope="col">{t('reports.shift.cost')}</th>
                </tr>
              </thead>
              <tbody>
                {r.services.map((s) => (
                  <tr key={s.serviceCode}>
                    <th scope="row">{serviceName(s.serviceCode)}</th>
                    {channels.map((c) => (
                      <td key={c}>
                        {t('reports.shift.countShare', {
                          n: s.totals[c] ?? 0,
                          share: percentText(s.sharePercent[c] ?? 0, t, language),
                        })}
                      </td>
                    ))}
                    <td>{money(s.cost, r.currency, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {r.services.length > 0 ? (
            <details className="chart-table">
              <summary>
                {t('reports.shift.overTime', { interval: t(`reports.intervals.${r.interval}`) })}
              </summary>
              <table className="figures">
                <thead>
                  <tr>
                    <th scope="col">{t('reports.sos.service')}</th>
                    <th scope="col">{t('reports.period')}</th>
                    {channels.map((c) => (
                      <th key={c} scope="col">
                        {channel(c)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {r.services.flatMap((s) =>
                    s.periods.map((p) => (
                      <tr key={`${s.serviceCode}/${p.period}`}>
                        <th scope="row">{serviceName(s.serviceCode)}</th>
                        <td>{periodLabel(p.period, r.interval, locale, t)}</td>
                        {channels.map((c) => (
                          <td key={c}>{p.byChannel[c] ?? 0}</td>
                        ))}
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </details>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
