import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { SatisfactionOfRequest, SatisfactionScore } from '@city/contracts';
import { ApiError, ErrorNotice, isConflict, Loading } from '@city/web-kit';
import { api } from '../../shared/api/client';
import { useTitle } from '../../shared/use-title';
import { SatisfactionForm } from './SatisfactionForm';

/**
 * Where the satisfaction question's emailed link opens (`/survey/<token>`): the question of that
 * request, without signing in (the signed token is the credential). Opening it records nothing (a
 * mail scanner follows links); the citizen picks a score and sends it.
 */
export default function SurveyPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  useTitle('survey');
  const path = `/api/v1/satisfaction/${encodeURIComponent(token)}`;
  const question = useQuery({
    queryKey: ['satisfaction', token],
    queryFn: () => api.get<SatisfactionOfRequest>('notifications', path),
    retry: false,
  });
  const e = question.error;
  return (
    <>
      <h1>{t('satisfaction.title')}</h1>
      {question.isPending ? <Loading /> : null}
      {e instanceof ApiError && e.status === 404 ? (
        <p role="alert" className="notice notice-error">
          {t('satisfaction.notValid')} <Link to="/track">{t('satisfaction.followInstead')}</Link>
        </p>
      ) : isConflict(e) ? (
        <p role="alert" className="notice">
          {t('satisfaction.notAsked')}
        </p>
      ) : (
        <ErrorNotice error={e} quiet />
      )}
      {question.data ? (
        <SatisfactionForm
          reference={question.data.reference}
          question={question.data}
          send={(score: SatisfactionScore) =>
            api.send<SatisfactionOfRequest>('notifications', 'POST', path, { score })
          }
        />
      ) : null}
    </>
  );
}
