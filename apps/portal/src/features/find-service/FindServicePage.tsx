import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Field, Loading } from '@city/web-kit';
import { api } from '../../shared/api/client';
import type { ServiceSummary } from '../../shared/types';
import { useTitle } from '../../shared/use-title';

/** Compares as a citizen types: case and accents do not matter ("reiniging" finds "Reiniging"). */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Find a service by its name, a keyword or its group, in the citizen's language, and start a request. */
export default function FindServicePage() {
  const { t, i18n } = useTranslation();
  useTitle('find');
  const [q, setQ] = useState('');
  const services = useQuery({
    queryKey: ['services', i18n.language],
    queryFn: () => api.get<ServiceSummary[]>('gateway', `/api/v1/services?channel=web&lang=${i18n.language}`),
  });
  const words = fold(q).split(/\s+/).filter(Boolean);
  const shown = (services.data ?? []).filter((s) => {
    const text = fold([s.name, s.description, s.group, ...s.keywords].join(' '));
    return words.every((w) => text.includes(w));
  });
  const groups = [...new Set(shown.map((s) => s.group))].sort((a, b) => a.localeCompare(b, i18n.language));
  return (
    <>
      <h1>{t('find.title')}</h1>
      <div role="search">
        <Field label={t('find.search')} hint={t('find.searchHint')} type="search" value={q} onChange={setQ} />
      </div>
      {services.isPending ? <Loading /> : null}
      <ErrorNotice error={services.error} quiet />
      {services.data ? (
        <p role="status" aria-live="polite">
          {t('find.count', { count: shown.length })}
        </p>
      ) : null}
      {groups.map((g) => (
        <section key={g} aria-label={g} className="panel">
          <h2>{g}</h2>
          <ul className="plain services">
            {shown
              .filter((s) => s.group === g)
              .map((s) => (
                <li key={s.code}>
                  <Link to={`/report/${s.code}`}>{s.name}</Link>
                  <p className="hint">{s.description}</p>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </>
  );
}
