import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { AcceptedResponse, ServiceDefinition, SubmitRequestBody } from '@city/contracts';
import { ErrorNotice, Loading, localized } from '@city/web-kit';
import { RequestForm } from '@city/web-request-form';
import { api } from '../../shared/api/client';
import { useConfig } from '../../app/config';
import { useTitle } from '../../shared/use-title';

/**
 * A request on the web: the catalogue's form for the service (the gateway's own rules run before it
 * is sent), then the reference. The idempotency key is made once per form, so sending twice (a double
 * click, a retry after the network dropped) makes one request.
 */
export default function ReportPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const config = useConfig();
  const [key] = useState(() => `portal-${crypto.randomUUID()}`);
  const [accepted, setAccepted] = useState<{ reference: string; email?: string; phone?: string } | null>(
    null,
  );
  const definition = useQuery({
    queryKey: ['service-definition', code],
    queryFn: () => api.get<{ service: ServiceDefinition }>('workflow', `/api/v1/catalogue/services/${code}`),
  });
  const name = definition.data ? localized(definition.data.service.name, i18n.language) : code;
  useTitle('report', { service: name });
  const submit = async (body: SubmitRequestBody) => {
    const answer = await api.send<AcceptedResponse>('gateway', 'POST', '/api/v1/requests', {
      ...body,
      language: body.language ?? i18n.language,
      idempotencyKey: key,
    });
    setAccepted({ reference: answer.reference, email: body.contact?.email, phone: body.contact?.phone });
  };
  if (accepted)
    return (
      <section aria-labelledby="done">
        <h1 id="done">{t('report.thanks')}</h1>
        <p className="reference-line">
          {t('report.yourReference')} <strong className="reference">{accepted.reference}</strong>
        </p>
        <p>{t(accepted.email ? 'report.confirmationEmail' : 'report.keepReference')}</p>
        <p>
          <Link to={`/track/${accepted.reference}`} state={{ email: accepted.email, phone: accepted.phone }}>
            {t('report.follow')}
          </Link>
        </p>
      </section>
    );
  return (
    <>
      <h1>{name}</h1>
      {definition.isPending ? <Loading /> : null}
      <ErrorNotice error={definition.error} />
      {definition.data ? (
        <>
          <p>{localized(definition.data.service.description, i18n.language)}</p>
          <RequestForm
            service={definition.data.service}
            channel="web"
            defaultCountry={config.defaultCountry}
            initial={{ language: i18n.language }}
            submitLabel={t('report.submit')}
            onSubmit={submit}
          />
        </>
      ) : null}
    </>
  );
}
