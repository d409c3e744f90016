/**
 * Figures as people read them in their language: counts, percentages, hours, how long something
 * has waited (the browser's Intl, as the rest of the console).
 */

const unit = (language: string, u: 'second' | 'minute' | 'hour' | 'day', n: number, digits = 0) =>
  new Intl.NumberFormat(language, {
    style: 'unit',
    unit: u,
    unitDisplay: 'short',
    maximumFractionDigits: digits,
  }).format(n);

/** A wait in the largest unit that keeps it readable: 45 sec, 12 min, 3.5 hr, 2 days. */
export function durationText(seconds: number, language: string): string {
  const s = Math.max(0, seconds);
  if (s < 90) return unit(language, 'second', Math.round(s));
  if (s < 90 * 60) return unit(language, 'minute', Math.round(s / 60));
  if (s < 48 * 3600) return unit(language, 'hour', s / 3600, s < 10 * 3600 ? 1 : 0);
  return unit(language, 'day', s / 86_400, 1);
}

/** A number with up to one decimal, in the person's language (2.5, 2,5). */
export const numberText = (n: number, language: string, digits = 1): string =>
  new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(n);

/** A figure that may be missing (no case to measure): a dash then. */
export const orDash = (n: number | null, text: (n: number) => string): string => (n === null ? '—' : text(n));

/**
 * The locale to write dates and times in: the browser's own where it speaks the chosen language
 * (en-GB writes the day first and the hours to 24), else the language's.
 */
export const displayLocale = (language: string, browser: string = navigator.language): string =>
  browser.toLowerCase().startsWith(language.toLowerCase()) ? browser : language;

/** The local hour a throughput bucket starts: 09:00, or 9:00 AM where the locale says so. */
export const hourText = (iso: string, locale: string): string =>
  new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
