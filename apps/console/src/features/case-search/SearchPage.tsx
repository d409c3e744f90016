import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Form } from 'react-aria-components';
import { ApiError, Button, Choose, ErrorNotice, Field, Loading, dateTime } from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import type { CaseSearchResult } from '../../shared/api/types';
import { CASE_STATUSES } from '@city/contracts';

const FIELDS = ['reference', 'name', 'email', 'phone', 'address', 'service', 'queue'] as const;

/** Search the record by reference, name, email, phone, address, service, status or queue. */
export default function SearchPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(params.entries()));
  const query = params.toString();
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
          setParams(Object.fromEntries(Object.entries(draft).filter(([, v]) => v.trim() !== '')));
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
                    <td>{c.service.code}</td>
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
