import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SubmitRequestBody } from '@city/contracts';
import { Choose, Done, ErrorNotice, Loading } from '@city/web-kit';
import { RequestForm, type RequestFormValues } from '@city/web-request-form';
import { useApi } from '../../shared/api/client';
import { useConfig } from '../../app/config';
import type { AcceptedResponse, CatalogueServiceDetail, ServiceSummary } from '../../shared/api/types';

/** Where a request made for a citizen comes from: a call (the phone channel) or a counter visit. */
export type OnBehalfOf =
  | { channel: 'phone'; callId: string; callerNumber?: string }
  | { channel: 'counter'; office: string; counter: string; ticket?: string };

/**
 * A request on a citizen's behalf: the service chosen from those offered on the channel, then the
 * catalogue's form for it. The idempotency key is made once per form, so sending twice (a double
 * click, a retry after a timeout) makes one request.
 */
export function NewRequest({
  on,
  initial,
  onAccepted,
}: {
  on: OnBehalfOf;
  initial?: Partial<RequestFormValues>;
  /** Told the reference once the gateway accepted the request. */
  onAccepted?: (reference: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const config = useConfig();
  const [code, setCode] = useState<string | null>(null);
  const [key] = useState(() => `console-${crypto.randomUUID()}`);
  const [accepted, setAccepted] = useState<AcceptedResponse | null>(null);
  const services = useQuery({
    queryKey: ['services', on.channel, i18n.language],
    queryFn: () =>
      api.get<ServiceSummary[]>('gateway', `/api/v1/services?channel=${on.channel}&lang=${i18n.language}`),
  });
  const definition = useQuery({
    queryKey: ['service-definition', code],
    enabled: !!code,
    queryFn: () => api.get<CatalogueServiceDetail>('workflow', `/api/v1/catalogue/services/${code}`),
  });
  const submit = async (body: SubmitRequestBody) => {
    const extra =
      on.channel === 'phone'
        ? { callId: on.callId, ...(on.callerNumber ? { callerNumber: on.callerNumber } : {}) }
        : { office: on.office, counter: on.counter, ...(on.ticket ? { ticket: on.ticket } : {}) };
    const path = on.channel === 'phone' ? '/api/v1/phone/requests' : '/api/v1/counter/requests';
    const answer = await api.send<AcceptedResponse>('gateway', 'POST', path, {
      ...body,
      ...extra,
      idempotencyKey: key,
    });
    setAccepted(answer);
    onAccepted?.(answer.reference);
  };

  if (accepted)
    return (
      <Done>
        {t('newRequest.accepted', { reference: accepted.reference })}{' '}
        <Link to={`/cases/${accepted.reference}`}>
          {t('newRequest.openCase', { reference: accepted.reference })}
        </Link>
      </Done>
    );
  return (
    <>
      {services.isPending ? <Loading /> : null}
      <ErrorNotice error={services.error} />
      {services.data ? (
        <Choose
          label={t('newRequest.service')}
          value={code}
          onChange={setCode}
          isRequired
          placeholder={t('newRequest.chooseService')}
          choices={services.data.map((s) => ({ id: s.code, label: `${s.name} (${s.group})` }))}
        />
      ) : null}
      <ErrorNotice error={definition.error} />
      {definition.data ? (
        <RequestForm
          key={definition.data.service.code}
          service={definition.data.service}
          channel={on.channel}
          defaultCountry={config.defaultCountry}
          initial={initial}
          submitLabel={t('newRequest.submit')}
          onSubmit={submit}
        />
      ) : null}
    </>
  );
}
