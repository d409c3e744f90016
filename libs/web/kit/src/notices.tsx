import { useTranslation } from 'react-i18next';
import { ApiError } from './api';
import type { SlaState } from './time';

/**
 * What went wrong, in words a person can act on: the service's message, each field it named, and
 * for a 409 what happened and what to do (the draft is kept by the form that shows this).
 */
export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const title = !e
    ? t('errors.network')
    : e.status === 409
      ? t('errors.conflict')
      : e.status === 403
        ? t('errors.forbidden')
        : e.status === 404
          ? t('errors.notFound')
          : e.status === 400
            ? t('errors.invalid')
            : e.status >= 500
              ? t('errors.unavailable')
              : t('errors.other', { status: e.status });
  return (
    <div role="alert" className="notice notice-error">
      <p>
        <strong>{title}</strong>
      </p>
      {e ? <p>{e.message}</p> : null}
      {e && e.fields.length > 0 ? (
        <ul>
          {e.fields.map((f) => (
            <li key={f.field}>
              <code>{f.field}</code>: {f.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {e?.status === 409 ? <p>{t('errors.conflictHelp')}</p> : null}
    </div>
  );
}

export function Done({ children }: { children: React.ReactNode }) {
  return (
    <p role="status" className="notice notice-done">
      {children}
    </p>
  );
}

export function SlaBadge({ state }: { state: SlaState }) {
  const { t } = useTranslation();
  if (state === 'none') return null;
  return <span className={`badge sla-${state}`}>{t(`sla.${state}`)}</span>;
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="loading">
      {t('common.loading')}
    </p>
  );
}
