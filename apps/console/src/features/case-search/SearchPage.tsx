import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Form } from 'react-aria-components';
import { ApiError, Button, Choose, ErrorNotice, Field, Loading, dateTime } from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import type { CaseSearchResult } from '../../shared/api/types';
import { CASE_STATUSES } from '@city/contracts';
import { useTitle } from '../../shared/use-title';
import { useServiceName } from '../../shared/catalogue';

const FIELDS = ['reference', 'name', 'email', 'phone', 'address', 'service', 'queue'] as const;

/** Search the record by reference, name, email, phone, address, service, status or queue. */
export default function SearchPage() {
  const { t, i18n } = useTranslation();
  useTitle('search');
  const serviceName = useServiceName();
  const api = useApi();
  // The terms live in the navigation's state, not the address: a name, email or phone number stays
  // out of the browser's history list and of any proxy's log (Back still shows the last results).
  const location = useLocation();
  const navigate = useNavigate();
  const asked = ((location.state as { search?: Record<string, string> } | null)?.search ?? {}) as Record<
    string,
    string
  >;
  const [draft, setDraft] = useState<Record<string, string>>(asked);
  const query = new URLSearchParams(asked).toString();
  const results = useQuery({
    queryKey: ['search', query],
    queryFn: () => api.get<CaseSearchResult>('cases', `/api/v1/cases?${query}`),
    enabled: query !== '',
  });
  return (
    <>
      <h1>{t('search.title')}</h1>
      <Form
        role="search"
        aria-label={t('search.title')}
        className="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          void navigate('/search', {
            state: { search: Object.fromEntries(Object.entries(draft).filter(([, v]) => v.trim() !== '')) },
          });
        }}
      >
        <div className="grid">
          {FIELDS.map((f) => (
            <Field
              key={f}
              label={t(`search.${f}`)}
              value={draft[f] ?? ''}
              onChange={(v) => setDraft((d) => ({ ...d, [f]: v }))}
              error={results.error instanceof ApiError ? results.error.reasonFor(f) : undefined}
            />
          ))}
          <Choose
            label={t('search.status')}
            value={draft.status ?? null}
            onChange={(v) => setDraft((d) => ({ ...d, status: v === 'any' ? '' : v }))}
            choices={[
              { id: 'any', label: t('search.anyStatus') },
              ...CASE_STATUSES.map((s) => ({ id: s, label: t(`status.${s}`) })),
            ]}
          />
        </div>
        <Button type="submit">{t('search.submit')}</Button>
      </Form>
      {results.isFetching ? <Loading /> : null}
      <ErrorNotice error={results.error} />
      {results.data ? (
        <section aria-label={t('search.results')}>
          <h2 aria-live="polite">{t('search.found', { count: results.data.count })}</h2>
          {results.data.count > 0 ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('case.reference')}</th>
                  <th scope="col">{t('case.service')}</th>
                  <th scope="col">{t('case.status')}</th>
                  <th scope="col">{t('case.channel')}</th>
                  <th scope="col">{t('case.queue')}</th>
                  <th scope="col">{t('case.address')}</th>
                  <th scope="col">{t('case.received')}</th>
                </tr>
              </thead>
              <tbody>
                {results.data.cases.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/cases/${c.reference}`}>{c.reference}</Link>
                    </td>
                    <td>{serviceName(c.service.code)}</td>
                    <td>{t(`status.${c.status}`)}</td>
                    <td>{t(`channels.${c.channelOfOrigin}`)}</td>
                    <td>{c.queue}</td>
                    <td>{c.location.address ?? '—'}</td>
                    <td>{dateTime(c.receivedAt, i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
