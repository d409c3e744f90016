import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from './ChartFigure';
import { displayLocale, hourText } from './format';
import type { HourThroughput } from './ops-types';

/** The kit's brand blue and its dark green: each 3:1 or more against white (WCAG 1.4.11). */
export const CHART_COLOURS = ['#0b4f8a', '#145a2a', '#8a4b08', '#5b2a86', '#a4161a'];

/** Cases opened and resolved per hour over the last 24 hours, as bars, with a sentence and a table. */
export function ThroughputChart({ hours }: { hours: HourThroughput[] }) {
  const { t, i18n } = useTranslation();
  const locale = displayLocale(i18n.language);
  const data = hours.map((h) => ({ ...h, label: hourText(h.hour, locale) }));
  const opened = hours.reduce((n, h) => n + h.opened, 0);
  const resolved = hours.reduce((n, h) => n + h.resolved, 0);
  const busiest = hours.reduce<HourThroughput | null>((b, h) => (!b || h.opened > b.opened ? h : b), null);
  const summary =
    busiest && busiest.opened > 0
      ? t('operations.throughput.summary', {
          opened,
          resolved,
          hour: hourText(busiest.hour, locale),
          busiest: busiest.opened,
        })
      : t('operations.throughput.summaryQuiet', { resolved });
  const openedLabel = t('operations.throughput.opened');
  const resolvedLabel = t('operations.throughput.resolved');
  return (
    <ChartFigure
      caption={t('operations.throughput.caption')}
      summary={summary}
      chart={
        <BarChart
          responsive
          data={data}
          style={{ width: '100%', height: 260 }}
          margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
          title={t('operations.throughput.caption')}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" interval={2} tick={{ fill: '#1b1f24', fontSize: 12 }} />
          <YAxis allowDecimals={false} width={36} tick={{ fill: '#1b1f24', fontSize: 12 }} />
          <Tooltip />
          <Legend />
          <Bar dataKey="opened" name={openedLabel} fill={CHART_COLOURS[0]} isAnimationActive={false} />
          <Bar dataKey="resolved" name={resolvedLabel} fill={CHART_COLOURS[1]} isAnimationActive={false} />
        </BarChart>
      }
      table={
        <table className="figures">
          <caption className="visually-hidden">{t('operations.throughput.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('operations.throughput.hour')}</th>
              <th scope="col">{openedLabel}</th>
              <th scope="col">{resolvedLabel}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((h) => (
              <tr key={h.hour}>
                <th scope="row">{h.label}</th>
                <td>{h.opened}</td>
                <td>{h.resolved}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
