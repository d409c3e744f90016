import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Form } from 'react-aria-components';
import { Button, dateTime, ErrorNotice, Field, fieldReason, Loading, Panel } from '@city/web-kit';
import { api } from '../../shared/api/client';
import type { CitizenRequestView, Inbox } from '../../shared/types';
import { useTitle } from '../../shared/use-title';

/**
 * Following a request: its reference plus the email or phone given with it (the second factor), then
 * its status, what happened to it as the citizen may see it, and the messages sent about it.
 */
export default function FollowPage() {
  const { reference: fromAddress = '' } = useParams();
  const { t, i18n } = useTranslation();
  useTitle('follow');
  const given = (useLocation().state ?? {}) as { email?: string; phone?: string };
  const [reference, setReference] = useState(fromAddress);
  const [contact, setContact] = useState(given.email ?? given.phone ?? '');
  const [asked, setAsked] = useState<{ reference: string; contact: string } | null>(
    fromAddress && (given.email || given.phone)
      ? { reference: fromAddress, contact: given.email ?? given.phone ?? '' }
      : null,
  );
  const factor = (c: string) =>
    c.includes('@') ? `email=${encodeURIComponent(c)}` : `phone=${encodeURIComponent(c)}`;
  const view = useQuery({
    queryKey: ['follow', asked],
    enabled: !!asked,
    queryFn: () =>
      api.get<CitizenRequestView>(
        'cases',
        `/api/v1/requests/${encodeURIComponent(asked!.reference)}?${factor(asked!.contact)}`,
      ),
  });
  const inbox = useQuery({
    queryKey: ['inbox', asked],
    enabled: !!asked && view.isSuccess,
    queryFn: () =>
      api.get<Inbox>(
        'notifications',
        `/api/v1/inbox?reference=${encodeURIComponent(asked!.reference)}&${factor(asked!.contact)}`,
      ),
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
      <ErrorNotice error={view.error} />
      {r ? (
        <Panel title={t('follow.request', { reference: r.reference })}>
          <p className="status-line" role="status">
            <strong>{t(`status.${r.status}`, { defaultValue: r.status })}</strong> — {r.summary}
          </p>
          <dl className="facts">
            <dt>{t('follow.received')}</dt>
            <dd>{dateTime(r.receivedAt, i18n.language)}</dd>
            {r.expectedBy ? (
              <>
                <dt>{t('follow.expected')}</dt>
                <dd>{dateTime(r.expectedBy, i18n.language)}</dd>
              </>
            ) : null}
          </dl>
          {r.duplicateOf ? (
            <p className="notice notice-warn">
              {t('follow.duplicateOf', {
                reference: r.duplicateOf.reference,
                status: t(`status.${r.duplicateOf.status}`, { defaultValue: r.duplicateOf.status }),
              })}
            </p>
          ) : null}
          {r.timeline && r.timeline.length > 0 ? (
            <>
              <h3>{t('follow.history')}</h3>
              <ol className="timeline">
                {r.timeline.map((e, i) => (
                  <li key={i}>
                    <time dateTime={e.at}>{dateTime(e.at, i18n.language)}</time> — {e.text}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          <h3>{t('follow.messages')}</h3>
          {inbox.data && inbox.data.messages.length === 0 ? <p>{t('follow.noMessages')}</p> : null}
          <ul className="plain">
            {inbox.data?.messages.map((m) => (
              <li key={m.id}>
                <strong>{dateTime(m.at, i18n.language)}</strong> · {m.subject}
                <p>{m.text}</p>
              </li>
            ))}
          </ul>
        </Panel>
      ) : null}
    </>
  );
}
