import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A chart with its text alternative (WCAG 1.1.1): a caption, a sentence that says what the chart
 * shows, and the same figures as a table behind a disclosure. The chart itself is for the eye (and,
 * through recharts' keyboard layer, for a keyboard user who moves along its bars); everything it
 * shows is in the sentence and the table.
 */
export function ChartFigure({
  caption,
  summary,
  chart,
  table,
}: {
  caption: string;
  summary: string;
  chart: ReactNode;
  table: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <figure className="chart">
      <figcaption>
        <strong>{caption}</strong>
        <span className="chart-summary">{summary}</span>
      </figcaption>
      <div className="chart-plot">{chart}</div>
      <details className="chart-table">
        <summary>{t('operations.chartAsTable')}</summary>
        {table}
      </details>
    </figure>
  );
}
