import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Form } from 'react-aria-components';
import { Button, ErrorNotice, Field, fieldReason, Loading } from '@city/web-kit';
import { api } from '../../shared/api/client';
import { factorQuery, requestPath, secondFactorOf } from '../../shared/second-factor';
import type { CitizenRequestView } from '../../shared/types';
import { RequestView } from './RequestView';
import { useTitle } from '../../shared/use-title';

/**
 * Following a request: its reference plus the email or phone given with it (the second factor), then
 * its status, what happened to it as the citizen may see it, and the messages sent about it.
 */
export default function FollowPage() {
  const { reference: fromAddress = '' } = useParams();
  const { t } = useTranslation();
  useTitle('follow');
  const given = (useLocation().state ?? {}) as { email?: string; phone?: string };
  const [reference, setReference] = useState(fromAddress);
  const [contact, setContact] = useState(given.email ?? given.phone ?? '');
  const [asked, setAsked] = useState<{ reference: string; contact: string } | null>(
    fromAddress && (given.email || given.phone)
      ? { reference: fromAddress, contact: given.email ?? given.phone ?? '' }
      : null,
  );
  const view = useQuery({
    queryKey: ['follow', asked],
    enabled: !!asked,
    queryFn: () => {
      if (!asked) throw new Error('nothing asked yet');
      return api.get<CitizenRequestView>(
        'cases',
        `${requestPath(asked.reference)}?${factorQuery(secondFactorOf(asked.contact))}`,
      );
    },
  });
  const r = view.data;
  return (
    <>
      <h1>{t('follow.title')}</h1>
      <Form
        aria-label={t('follow.title')}
        onSubmit={(e) => {
          e.preventDefault();
          setAsked({ reference: reference.trim(), contact: contact.trim() });
        }}
      >
        <div className="row">
          <Field
            label={t('follow.reference')}
            isRequired
            value={reference}
            onChange={setReference}
            error={fieldReason(view.error, 'reference')}
          />
          <Field
            label={t('follow.contact')}
            hint={t('follow.contactHint')}
            isRequired
            value={contact}
            onChange={setContact}
            error={fieldReason(view.error, 'email') ?? fieldReason(view.error, 'phone')}
          />
        </div>
        <Button type="submit">{t('follow.submit')}</Button>
      </Form>
      {view.isFetching ? <Loading /> : null}
      <ErrorNotice error={view.error} quiet />
      {r && asked ? <RequestView request={r} factor={secondFactorOf(asked.contact)} /> : null}
    </>
  );
}
