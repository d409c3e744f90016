import { useTranslation } from 'react-i18next';
import { ApiError } from './api';
import type { SlaState } from './time';

/**
 * What went wrong, in words a person can act on: the service's message, each field it named, and
 * for a 409 what happened and what to do (the draft is kept by the form that shows this).
 */
const TITLES: Record<number, string> = {
  400: 'errors.invalid',
  401: 'errors.signIn',
  403: 'errors.forbidden',
  404: 'errors.notFound',
  409: 'errors.conflict',
  413: 'errors.tooLarge',
  415: 'errors.unsupportedType',
  422: 'errors.refused',
  429: 'errors.tooMany',
};

/**
 * `quiet`: only the sentence in the person's language, without the service's own English message
 * and field list (for citizens: the fields at fault are shown at the fields themselves).
 */
export function ErrorNotice({ error, quiet = false }: { error: unknown; quiet?: boolean }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const title = !e
    ? t('errors.network')
    : TITLES[e.status]
      ? t(TITLES[e.status])
      : e.status >= 500
        ? t('errors.unavailable')
        : t('errors.other', { status: e.status });
  return (
    <div role="alert" className="notice notice-error">
      <p>
        <strong>{title}</strong>
      </p>
      {e && !quiet ? <p>{e.message}</p> : null}
      {e && !quiet && e.fields.length > 0 ? (
        <ul>
          {e.fields.map((f) => (
            <li key={f.field}>
              <code>{f.field}</code>: {f.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {e?.status === 409 && !quiet ? <p>{t('errors.conflictHelp')}</p> : null}
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
