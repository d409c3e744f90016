import type { TFunction } from 'i18next';
import { numberText } from '../format';
import type { Interval } from '../ops-types';

/** A bucket of a report over time (its first day, `YYYY-MM-DD`): "November 2026", or "week of 23 Nov 2026". */
export function periodLabel(period: string, interval: Interval, locale: string, t: TFunction): string {
  const d = new Date(`${period}T00:00:00Z`);
  if (interval === 'month')
    return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
  return t('reports.weekOf', {
    day: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d),
  });
}

/** An amount in the city's currency, in the person's way of writing it: €1,234.50, 1.234,50 €. */
export const money = (n: number, currency: string, locale: string): string => {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(n);
  } catch {
    return `${currency} ${numberText(n, locale, 2)}`;
  }
};

/** A percentage, or a dash when there was nothing to measure. */
export const percentText = (n: number | null, t: TFunction, language: string): string =>
  n === null ? '—' : t('reports.percent', { value: numberText(n, language) });
