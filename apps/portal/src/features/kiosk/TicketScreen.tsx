import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CounterOfficesView, CounterTicketWithWait } from '@city/contracts';
import { Button, ErrorNotice } from '@city/web-kit';
import { useConfig } from '../../app/config';
import { api } from '../../shared/api/client';
import { isUnreachable } from './kiosk-api';
import { useKiosk } from './kiosk-context';
import { BackToStart, PrintOrDone, PrintTicket, printedAt } from './PrintTicket';
import { useScreenTitle } from './screen-title';

/**
 * A ticket for the counters of the office where the kiosk stands (the portal's config names it):
 * one tap, the number and the estimated wait, to print. Tickets are numbered by the office's
 * service, so none can be given while the kiosk is offline.
 */
export default function TicketScreen({ onDone }: { onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { cityName, kioskOffices } = useConfig();
  const { device, online } = useKiosk();
  const office = device ? kioskOffices?.[device.deviceId] : undefined;
  const [ticket, setTicket] = useState<CounterTicketWithWait | null>(null);
  const heading = useScreenTitle(ticket ? t('kiosk.counter.yourTicket') : t('kiosk.counter.title'));
  const offices = useQuery({
    queryKey: ['kiosk', 'offices'],
    queryFn: () => api.get<CounterOfficesView>('workflow', '/api/v1/counters'),
  });
  const take = useMutation({
    mutationFn: () =>
      api.send<CounterTicketWithWait>(
        'workflow',
        'POST',
        `/api/v1/counters/${encodeURIComponent(office ?? '')}/tickets`,
        {},
      ),
    onSuccess: setTicket,
    // Fail at once when offline rather than wait: the citizen is told to ask at reception.
    networkMode: 'always',
  });
  if (!office) return <Navigate to="/kiosk" replace />;
  const officeName = offices.data?.offices.find((o) => o.id === office)?.name ?? office;

  if (ticket)
    return (
      <section aria-labelledby="kiosk-ticket" className="kiosk-done">
        <h1 id="kiosk-ticket" ref={heading} tabIndex={-1}>
          {t('kiosk.counter.yourTicket')}
        </h1>
        <p className="kiosk-reference-line">
          <strong className="kiosk-reference">{ticket.ticket}</strong>
        </p>
        <p>{t('kiosk.counter.wait', { count: ticket.estimatedWaitMinutes })}</p>
        <p>{t('kiosk.counter.watch', { office: officeName })}</p>
        <PrintOrDone onDone={onDone} />
        <PrintTicket>
          <p className="ticket-city">{t('app.name', { city: cityName })}</p>
          <p className="ticket-label">{t('kiosk.counter.yourTicket')}</p>
          <p className="ticket-big">{ticket.ticket}</p>
          <dl>
            <dt>{t('kiosk.counter.waitLabel')}</dt>
            <dd>{t('kiosk.counter.wait', { count: ticket.estimatedWaitMinutes })}</dd>
            <dt>{t('kiosk.ticket.when')}</dt>
            <dd>{printedAt(new Date(ticket.issuedAt), i18n.language)}</dd>
            <dt>{t('kiosk.ticket.where')}</dt>
            <dd>{officeName}</dd>
          </dl>
        </PrintTicket>
      </section>
    );

  const offline = !online || (take.error !== null && isUnreachable(take.error));
  return (
    <>
      <BackToStart />
      <h1 ref={heading} tabIndex={-1}>
        {t('kiosk.counter.title')}
      </h1>
      <p className="kiosk-lead">{t('kiosk.counter.lead', { office: officeName })}</p>
      {offline ? (
        <p role="alert" className="notice notice-warn">
          {t('kiosk.counter.offline')}
        </p>
      ) : (
        <ErrorNotice error={take.error} />
      )}
      <Button className="kiosk-big" onPress={() => take.mutate()} isDisabled={take.isPending || !online}>
        {take.isPending ? t('kiosk.counter.taking') : t('kiosk.counter.take')}
      </Button>
    </>
  );
}
