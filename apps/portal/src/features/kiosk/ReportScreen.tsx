import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { KioskItem, SubmitRequestBody } from '@city/contracts';
import { ErrorNotice, Loading, localized } from '@city/web-kit';
import { RequestForm } from '@city/web-request-form';
import { useConfig } from '../../app/config';
import { serviceDefinition } from './catalogue-cache';
import { newItemKey } from './device';
import { useKiosk } from './kiosk-context';
import { BackToStart, PrintOrDone, PrintTicket, printedAt } from './PrintTicket';
import { useScreenTitle } from './screen-title';

interface Done {
  reference: string;
  /** Kept on the kiosk: the network was down; it goes up when it is back. */
  kept: boolean;
  at: Date;
}

/**
 * A request at a kiosk: the catalogue's form for the service (the same form as the web's and the
 * counter's, on the kiosk channel), then the reference at once, online or not, and a ticket to print.
 * The key is made once per form, so a second tap or a re-send makes one request.
 */
export default function ReportScreen({ onDone }: { onDone: () => void }) {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const config = useConfig();
  const kiosk = useKiosk();
  const [key] = useState(newItemKey);
  const [done, setDone] = useState<Done | null>(null);
  const definition = useQuery({
    queryKey: ['kiosk', 'definition', code],
    queryFn: () => serviceDefinition(code),
    // Offline too: the kiosk's catalogue answers from what it kept (react-query would only wait).
    networkMode: 'always',
  });
  const name = definition.data ? localized(definition.data.service.name, i18n.language) : code;
  const heading = useScreenTitle(done ? t('kiosk.report.thanks') : name);

  const submit = async (body: SubmitRequestBody) => {
    const answer = await kiosk.submit({
      ...body,
      // The kiosk's language when the citizen chose none (the kiosk speaks only the portal's languages).
      language: body.language ?? (i18n.language as KioskItem['language']),
      idempotencyKey: key,
      capturedAt: new Date().toISOString(),
    });
    setDone({ ...answer, at: new Date() });
  };

  if (done) {
    const follow = `${window.location.origin}/track/${done.reference}`;
    return (
      <section aria-labelledby="kiosk-done" className="kiosk-done">
        <h1 id="kiosk-done" ref={heading} tabIndex={-1}>
          {t('kiosk.report.thanks')}
        </h1>
        <p className="kiosk-reference-line">
          {t('kiosk.report.yourReference')}
          <strong className="reference kiosk-reference">{done.reference}</strong>
        </p>
        {done.kept ? <p className="notice notice-warn">{t('kiosk.report.kept')}</p> : null}
        <p>{t('kiosk.report.follow', { url: follow })}</p>
        <PrintOrDone onDone={onDone} />
        <PrintTicket>
          <p className="ticket-city">{t('app.name', { city: config.cityName })}</p>
          <p className="ticket-label">{t('kiosk.report.yourReference')}</p>
          <p className="ticket-big">{done.reference}</p>
          <dl>
            <dt>{t('kiosk.ticket.service')}</dt>
            <dd>{name}</dd>
            <dt>{t('kiosk.ticket.when')}</dt>
            <dd>{printedAt(done.at, i18n.language)}</dd>
            <dt>{t('kiosk.ticket.where')}</dt>
            <dd>{kiosk.device?.location}</dd>
          </dl>
          {done.kept ? <p>{t('kiosk.ticket.kept')}</p> : null}
          <p>{t('kiosk.ticket.follow')}</p>
          <p className="ticket-url">{follow}</p>
        </PrintTicket>
      </section>
    );
  }
  return (
    <>
      <BackToStart />
      <h1 ref={heading} tabIndex={-1}>
        {name}
      </h1>
      {definition.isPending ? <Loading /> : null}
      <ErrorNotice error={definition.error} />
      {definition.data ? (
        <>
          <p className="kiosk-lead">{localized(definition.data.service.description, i18n.language)}</p>
          <RequestForm
            service={definition.data.service}
            channel="kiosk"
            defaultCountry={config.defaultCountry}
            initial={{ language: i18n.language }}
            submitLabel={t('kiosk.report.submit')}
            onSubmit={submit}
          />
        </>
      ) : null}
    </>
  );
}
