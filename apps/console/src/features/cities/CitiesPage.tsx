import { useId, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CitiesView, CityOnboardedAnswer } from '@city/contracts';
import { Button, dateTime, Done, ErrorNotice, Loading, Panel } from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import { useTitle } from '../../shared/use-title';

/**
 * The deployment's cities (docs/multi-tenancy.md), for its own administrators: what this deployment
 * serves now, every city onboarded and whether the services serve it yet, and onboarding one from its
 * file (the API's JSON: profile, services and routing), checked by the workflow-service with every
 * problem named by its field. The workflow-service refuses anyone but the deployment's own
 * administrators; this screen is only the way in.
 */
export default function CitiesPage() {
  const { t, i18n } = useTranslation();
  useTitle('cities');
  const api = useApi();
  const client = useQueryClient();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [unreadable, setUnreadable] = useState(false);
  const cities = useQuery({
    queryKey: ['cities'],
    queryFn: () => api.get<CitiesView>('workflow', '/api/v1/cities'),
  });
  const onboard = useMutation({
    mutationFn: (body: unknown) => api.send<CityOnboardedAnswer>('workflow', 'POST', '/api/v1/cities', body),
    onSettled: () => void client.invalidateQueries({ queryKey: ['cities'] }),
  });
  const send = async () => {
    setUnreadable(false);
    onboard.reset();
    if (!file) return;
    let body: unknown;
    try {
      body = JSON.parse(await file.text());
    } catch {
      setUnreadable(true);
      return;
    }
    onboard.mutate(body);
  };

  return (
    <>
      <h1>{t('cities.title')}</h1>
      <p>{t('cities.intro')}</p>
      <ErrorNotice error={cities.error} />
      {cities.isLoading ? <Loading /> : null}
      {cities.data ? (
        <>
          <Panel title={t('cities.serving')}>
            <table className="figures">
              <caption className="visually-hidden">{t('cities.servingCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cities.col.name')}</th>
                  <th scope="col">{t('cities.col.city')}</th>
                  <th scope="col">{t('cities.col.jurisdiction')}</th>
                  <th scope="col">{t('cities.col.from')}</th>
                </tr>
              </thead>
              <tbody>
                {cities.data.serving.map((c) => (
                  <tr key={c.city}>
                    <th scope="row">{c.name}</th>
                    <td>{c.city}</td>
                    <td>{c.jurisdiction}</td>
                    <td>{t(`cities.from.${c.from}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
          <Panel title={t('cities.onboarded')}>
            {cities.data.onboarded.length === 0 ? <p>{t('cities.none')}</p> : null}
            {cities.data.onboarded.length > 0 ? (
              <table className="figures">
                <caption className="visually-hidden">{t('cities.onboardedCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('cities.col.name')}</th>
                    <th scope="col">{t('cities.col.city')}</th>
                    <th scope="col">{t('cities.col.services')}</th>
                    <th scope="col">{t('cities.col.onboarded')}</th>
                    <th scope="col">{t('cities.col.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {cities.data.onboarded.map((c) => (
                    <tr key={c.city}>
                      <th scope="row">{c.name}</th>
                      <td>{c.city}</td>
                      <td>{c.services}</td>
                      <td>
                        {t('cities.onboardedBy', { by: c.onboardedBy })}{' '}
                        <time dateTime={c.onboardedAt}>{dateTime(c.onboardedAt, i18n.language)}</time>
                      </td>
                      <td>{c.serving ? t('cities.state.serving') : t('cities.state.waiting')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </Panel>
        </>
      ) : null}
      <Panel title={t('cities.onboard')}>
        <p>{t('cities.onboardIntro')}</p>
        <p>
          <label htmlFor={fileId}>{t('cities.file')}</label>{' '}
          <input
            id={fileId}
            type="file"
            accept="application/json,.json"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setUnreadable(false);
              onboard.reset();
            }}
          />
        </p>
        <p>
          <Button onPress={() => void send()} isDisabled={!file || onboard.isPending}>
            {t('cities.send')}
          </Button>
        </p>
        {onboard.isPending ? <Loading /> : null}
        {unreadable ? (
          <div role="alert" className="notice notice-error">
            <p>{t('cities.notJson')}</p>
          </div>
        ) : null}
        <ErrorNotice error={onboard.error} />
        {onboard.data ? (
          <Done>{t('cities.done', { city: onboard.data.city, count: onboard.data.services })}</Done>
        ) : null}
        {/* What is left, in the person's language (the service says it in English: `next`). */}
        {onboard.data ? (
          <>
            <p>{t('cities.next')}</p>
            <ul>
              {(['restart', 'identity', 'portal'] as const).map((step) => (
                <li key={step}>{t(`cities.steps.${step}`, { city: onboard.data.city })}</li>
              ))}
            </ul>
          </>
        ) : null}
      </Panel>
    </>
  );
}
