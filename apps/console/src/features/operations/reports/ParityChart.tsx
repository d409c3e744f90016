import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from '../ChartFigure';
import { numberText, orDash } from '../format';
import type { ServiceReport } from '../ops-types';
import { CHART_COLOURS } from '../ThroughputChart';

/**
 * The channels side by side on one measure, the share resolved within the service level, per
 * service: a bar per channel, so a channel that lags shows as a short bar beside tall ones.
 */
export function ParityChart({
  services,
  serviceName,
}: {
  services: ServiceReport[];
  serviceName: (code: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const channels = [...new Set(services.flatMap((s) => s.channels.map((c) => c.channel ?? '')))].sort();
  const data = services.map((s) => ({
    service: serviceName(s.serviceCode),
    ...Object.fromEntries(s.channels.map((c) => [c.channel ?? '', c.withinSlaPercent])),
  }));
  const measured = services.flatMap((s) =>
    s.channels.flatMap((c) =>
      c.withinSlaPercent === null
        ? []
        : [{ service: serviceName(s.serviceCode), channel: c.channel ?? '', value: c.withinSlaPercent }],
    ),
  );
  const lowest = measured.reduce<(typeof measured)[number] | null>(
    (m, x) => (!m || x.value < m.value ? x : m),
    null,
  );
  const highest = measured.reduce<(typeof measured)[number] | null>(
    (m, x) => (!m || x.value > m.value ? x : m),
    null,
  );
  const summary =
    lowest && highest && measured.length === 1
      ? t('reports.sos.chart.summaryOne', {
          service: lowest.service,
          channel: t(`channels.${lowest.channel}`, { defaultValue: lowest.channel }),
          value: numberText(lowest.value, language),
        })
      : lowest && highest
        ? t('reports.sos.chart.summary', {
            lowService: lowest.service,
            lowChannel: t(`channels.${lowest.channel}`, { defaultValue: lowest.channel }),
            low: numberText(lowest.value, language),
            highService: highest.service,
            highChannel: t(`channels.${highest.channel}`, { defaultValue: highest.channel }),
            high: numberText(highest.value, language),
          })
        : t('reports.sos.chart.empty');
  const caption = t('reports.sos.chart.caption');
  return (
    <ChartFigure
      caption={caption}
      summary={summary}
      chart={
        <BarChart
          responsive
          data={data}
          style={{ width: '100%', height: Math.max(240, 60 + services.length * 40) }}
          margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
          title={caption}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="service" tick={{ fill: '#1b1f24', fontSize: 12 }} />
          <YAxis domain={[0, 100]} unit="%" width={48} tick={{ fill: '#1b1f24', fontSize: 12 }} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? `${numberText(v, language)} %` : '—')} />
          <Legend />
          {channels.map((c, i) => (
            <Bar
              key={c}
              dataKey={c}
              name={t(`channels.${c}`, { defaultValue: c })}
              fill={CHART_COLOURS[i % CHART_COLOURS.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      }
      table={
        <table className="figures">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.sos.service')}</th>
              {channels.map((c) => (
                <th key={c} scope="col">
                  {t(`channels.${c}`, { defaultValue: c })}
                </th>
              ))}
              <th scope="col">{t('reports.sos.allChannels')}</th>
            </tr>
          </thead>
          <tbody>
            {services.map((s) => (
              <tr key={s.serviceCode}>
                <th scope="row">{serviceName(s.serviceCode)}</th>
                {channels.map((c) => (
                  <td key={c}>
                    {orDash(s.channels.find((x) => x.channel === c)?.withinSlaPercent ?? null, (v) =>
                      t('reports.percent', { value: numberText(v, language) }),
                    )}
                  </td>
                ))}
                <td>
                  {orDash(s.all.withinSlaPercent, (v) =>
                    t('reports.percent', { value: numberText(v, language) }),
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
