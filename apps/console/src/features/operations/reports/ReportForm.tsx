import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getLocalTimeZone, today, type CalendarDate } from '@internationalized/date';
import { I18nProvider } from 'react-aria-components';
import { Button, ErrorNotice, fieldReason } from '@city/web-kit';
import { useApi } from '../../../shared/api/client';
import { displayLocale } from '../format';
import { DateChoice } from './DateChoice';
import { downloadFile } from './download';

/** The days a report covers, first and last included. */
export interface Period {
  from: CalendarDate;
  to: CalendarDate;
}

/** The 30 days to today, as the ops-monitor's own default. */
export function lastThirtyDays(): Period {
  const to = today(getLocalTimeZone());
  return { from: to.subtract({ days: 29 }), to };
}

export const periodQuery = (p: Period) => `from=${p.from.toString()}&to=${p.to.toString()}`;

/**
 * A report's question: its period (two date pickers, in the order and words of the person's
 * language) and whatever else the report asks (`children`), sent with one button. `error` is the
 * report's refusal, whose fields land at their own inputs.
 */
export function ReportForm({
  period,
  onPeriod,
  onSubmit,
  error,
  children,
}: {
  period: Period;
  onPeriod: (p: Period) => void;
  onSubmit: () => void;
  error: unknown;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const fromAfterTo = period.from.compare(period.to) > 0;
  const locale = displayLocale(i18n.language);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!fromAfterTo) onSubmit();
  };
  return (
    <I18nProvider locale={locale}>
      <form className="period-form" onSubmit={submit} noValidate>
        <DateChoice
          label={t('reports.from')}
          value={period.from}
          onChange={(from) => onPeriod({ ...period, from })}
          error={fromAfterTo ? t('reports.fromAfterTo') : fieldReason(error, 'from')}
        />
        <DateChoice
          label={t('reports.to')}
          value={period.to}
          onChange={(to) => onPeriod({ ...period, to })}
          error={fieldReason(error, 'to')}
        />
        {children}
        <div className="actions">
          <Button type="submit">{t('reports.show')}</Button>
        </div>
      </form>
    </I18nProvider>
  );
}

/** "Download CSV": the report as the ops-monitor writes it, fetched with the person's token and saved. */
export function CsvDownload({ path, fallbackName }: { path: string; fallbackName: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      await downloadFile(api, 'ops', path, 'text/csv', fallbackName);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <div className="actions">
        <Button variant="secondary" onPress={() => void download()} isDisabled={busy}>
          {t('reports.downloadCsv')}
        </Button>
      </div>
      <ErrorNotice error={error} />
    </>
  );
}
