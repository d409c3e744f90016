import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, ErrorNotice, Loading, Panel } from '@city/web-kit';
import { api } from '../../shared/api/client';
import { useCitizen } from '../../shared/auth/citizen-auth';
import type { CitizenRequestView } from '../../shared/types';
import { useTitle } from '../../shared/use-title';
import { RequestView } from '../follow/RequestView';
import { MyDataPanel } from '../my-data/MyDataPanel';
import { UpdatesForm } from '../updates/UpdatesForm';

/**
 * A signed-in citizen's own requests (made with their verified email, and those they follow), each
 * as following one by its reference shows it, and how they want to hear from the city.
 */
export default function MyRequestsPage() {
  const { t } = useTranslation();
  const { citizen, loading, signIn } = useCitizen();
  useTitle('mine');
  const mine = useQuery({
    queryKey: ['me', 'cases', citizen?.email],
    enabled: !!citizen,
    queryFn: () => api.get<{ count: number; cases: CitizenRequestView[] }>('cases', '/api/v1/me/cases'),
  });
  if (loading) return <Loading />;
  if (!citizen)
    return (
      <>
        <h1>{t('mine.title')}</h1>
        <p>{t('mine.signInFirst')}</p>
        <Button onPress={() => signIn('/me')}>{t('auth.signIn')}</Button>
      </>
    );
  return (
    <>
      <h1>{t('mine.title')}</h1>
      <p>{t('mine.signedInAs', { name: citizen.name, email: citizen.email ?? '' })}</p>
      {mine.isPending ? <Loading /> : null}
      <ErrorNotice error={mine.error} quiet />
      {mine.data ? <p role="status">{t('mine.count', { count: mine.data.count })}</p> : null}
      {mine.data?.cases.map((r) =>
        // The citizen's verified email is the second factor of their own requests' actions.
        citizen.email ? (
          <RequestView key={r.reference} request={r} factor={{ email: citizen.email }} inList />
        ) : null,
      )}
      <Panel title={t('updates.title')}>
        <UpdatesForm />
      </Panel>
      <MyDataPanel />
    </>
  );
}
