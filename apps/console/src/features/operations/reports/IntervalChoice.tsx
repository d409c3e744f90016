import { useTranslation } from 'react-i18next';
import { Choose } from '@city/web-kit';
import type { Interval } from '../ops-types';

/** Weeks or months: how a report over time buckets its figures. */
export function IntervalChoice({ value, onChange }: { value: Interval; onChange: (i: Interval) => void }) {
  const { t } = useTranslation();
  return (
    <Choose
      label={t('reports.interval')}
      value={value}
      onChange={(v) => onChange(v as Interval)}
      choices={[
        { id: 'week', label: t('reports.intervals.week') },
        { id: 'month', label: t('reports.intervals.month') },
      ]}
    />
  );
}
