import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  ApiError,
  Button,
  Choose,
  Done,
  ErrorNotice,
  Field,
  Loading,
  Panel,
  minutesSeconds,
} from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import { useSession } from '../../shared/auth/session';
import type { CounterBoard, CounterOffices, CounterTicket, OfficeTickets } from '../../shared/api/types';
import { useNow } from '../../shared/use-now';
import { ProfileForm } from '../work-profile/ProfileForm';
import { NewRequest } from '../new-request/NewRequest';
import { useCounterDesk } from '../../shared/counter-desk';
import { useTitle } from '../../shared/use-title';

/**
 * A clerk's counter: call the next ticket for their work profile, see who waits and for how long,
 * serve (with the case the visit led to), transfer or mark a no-show; during the visit, find the
 * citizen's record or make a request at the counter, so the visit lands on the same case record as
 * every other channel.
 */
export default function CounterPage() {
  const { t } = useTranslation();
  useTitle('counter');
  const api = useApi();
  const qc = useQueryClient();
  const session = useSession();
  const [params] = useSearchParams();
  const office = session?.office ?? params.get('office') ?? '';
  const path = `/api/v1/counters/${encodeURIComponent(office)}`;
  const [desk, setDesk] = useCounterDesk();
  // The ticket this clerk is serving: the service's own record (called, by them, not ended), so a
  // reload, another tab or the next clerk at this PC sees what is true.
  const called = useQuery({
    queryKey: ['called', office],
    queryFn: () => api.get<OfficeTickets>('workflow', `${path}/tickets?state=called`),
    refetchInterval: 10_000,
  });
  const current = called.data?.tickets.find((x) => x.clerkId === session?.name && !x.endedAt) ?? null;
  const [caseReference, setCaseReference] = useState('');
  const [transferTo, setTransferTo] = useState<string | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const now = useNow(1_000);
  const board = useQuery({
    queryKey: ['board', office],
    queryFn: () => api.get<CounterBoard>('workflow', `${path}/board`),
    refetchInterval: 3_000,
  });
  const waiting = useQuery({
    queryKey: ['waiting', office],
    queryFn: () => api.get<OfficeTickets>('workflow', `${path}/tickets?state=waiting`),
    refetchInterval: 3_000,
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['board', office] });
    void qc.invalidateQueries({ queryKey: ['waiting', office] });
    void qc.invalidateQueries({ queryKey: ['called', office] });
  };
  const callNext = useMutation({
    mutationFn: () =>
      api.send<CounterTicket | undefined>('workflow', 'POST', `${path}/call-next`, { counter: desk }),
    onSuccess: (ticket) => {
      setEnded(ticket ? null : t('counter.nobodyWaiting'));
      if (ticket)
        qc.setQueryData<OfficeTickets>(['called', office], (d) =>
          d ? { ...d, tickets: [...d.tickets.filter((x) => x.id !== ticket.id), ticket] } : d,
        );
      refresh();
    },
  });
  const end = useMutation({
    mutationFn: (a: { action: 'done' | 'no-show' | 'transfer'; body: unknown }) =>
      api.send<CounterTicket>('workflow', 'POST', `${path}/tickets/${current?.id}/${a.action}`, a.body),
    onSuccess: (ticket, a) => {
      setEnded(t(`counter.ended.${a.action}`, { ticket: ticket.ticket, queue: ticket.queue }));
      setCaseReference('');
      setTransferTo(null);
      refresh();
    },
  });
  const offices = useQuery({
    queryKey: ['offices'],
    queryFn: () => api.get<CounterOffices>('workflow', '/api/v1/counters'),
    enabled: !office,
  });
  const noProfile = callNext.error instanceof ApiError && callNext.error.status === 404;
  // Once asked for, the profile form stays (its "saved" stays readable after the error clears).
  const [profileAsked, setProfileAsked] = useState(false);
  if (noProfile && !profileAsked) setProfileAsked(true);
  const queues = board.data?.queues ?? [];

  // A supervisor (no office in their sign-in) first picks the office whose counters to run.
  if (!office)
    return (
      <>
        <h1>{t('counter.chooseOffice')}</h1>
        <ErrorNotice error={offices.error} />
        <ul className="plain">
          {offices.data?.offices.map((o) => (
            <li key={o.id}>
              <Link to={`/counter?office=${encodeURIComponent(o.id)}`}>{o.name}</Link>
            </li>
          ))}
        </ul>
      </>
    );
  return (
    <>
      <h1>{t('counter.title', { office: board.data?.office.name ?? office })}</h1>
      <div className="row">
        <Field label={t('counter.desk')} value={desk} onChange={setDesk} />
      </div>
      {current ? (
        <Panel title={t('counter.serving', { ticket: current.ticket })}>
          <p className="ticket-now" aria-live="polite">
            {current.ticket}
          </p>
          <p>
            {t('counter.ticketFacts', {
              queue: current.queue,
              service: current.service ?? '—',
              waited: current.calledAt
                ? minutesSeconds(Date.parse(current.calledAt) - Date.parse(current.issuedAt))
                : '—',
            })}
          </p>
          <h3>{t('counter.findRecord')}</h3>
          <p>
            <Link to="/search">{t('counter.searchRecord')}</Link>
          </p>
          <Panel title={t('counter.newRequest')} level={3}>
            <NewRequest
              key={current.id}
              on={{ channel: 'counter', office, counter: desk, ticket: current.ticket }}
              initial={{}}
              onAccepted={setCaseReference}
            />
          </Panel>
          <h3>{t('counter.endVisit')}</h3>
          <Field
            label={t('counter.caseReference')}
            hint={t('counter.caseReferenceHint')}
            value={caseReference}
            onChange={setCaseReference}
            error={end.error instanceof ApiError ? end.error.reasonFor('caseReference') : undefined}
          />
          <div className="actions">
            <Button
              onPress={() =>
                end.mutate({
                  action: 'done',
                  body: caseReference.trim() ? { caseReference: caseReference.trim() } : {},
                })
              }
            >
              {t('counter.served')}
            </Button>
            <Button variant="secondary" onPress={() => end.mutate({ action: 'no-show', body: {} })}>
              {t('counter.noShow')}
            </Button>
          </div>
          <div className="row">
            <Choose
              label={t('counter.transferTo')}
              value={transferTo}
              onChange={setTransferTo}
              placeholder={t('counter.chooseQueue')}
              choices={queues
                .filter((q) => q.queue !== current.queue)
                .map((q) => ({ id: q.queue, label: `${q.letter} · ${q.queue}` }))}
            />
            <Button
              variant="secondary"
              isDisabled={!transferTo}
              onPress={() => end.mutate({ action: 'transfer', body: { queue: transferTo } })}
            >
              {t('counter.transfer')}
            </Button>
          </div>
          <ErrorNotice error={end.error} />
        </Panel>
      ) : (
        <div className="actions">
          <Button onPress={() => callNext.mutate()} isDisabled={callNext.isPending}>
            {t('counter.callNext')}
          </Button>
        </div>
      )}
      {ended ? <Done>{ended}</Done> : null}
      {noProfile ? null : <ErrorNotice error={callNext.error} />}
      {profileAsked ? (
        <Panel title={t('work.profileTitle')}>
          {noProfile ? (
            <p role="alert" className="notice notice-warn">
              {t('counter.noProfile')}
            </p>
          ) : null}
          <ProfileForm queues={queues.map((q) => q.queue)} onSaved={() => callNext.reset()} />
        </Panel>
      ) : null}
      <Panel title={t('counter.waitingTitle', { count: waiting.data?.tickets.length ?? 0 })}>
        {waiting.isPending ? <Loading /> : null}
        <ErrorNotice error={waiting.error} />
        {waiting.data && waiting.data.tickets.length === 0 ? <p>{t('counter.nobodyWaiting')}</p> : null}
        {waiting.data && waiting.data.tickets.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('counter.ticket')}</th>
                <th scope="col">{t('case.queue')}</th>
                <th scope="col">{t('case.service')}</th>
                <th scope="col">{t('counter.waiting')}</th>
              </tr>
            </thead>
            <tbody>
              {waiting.data.tickets.map((w) => (
                <tr key={w.id}>
                  <td>{w.ticket}</td>
                  <td>{w.queue}</td>
                  <td>{w.service ?? '—'}</td>
                  <td>{minutesSeconds(now - Date.parse(w.issuedAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Panel>
      <Panel title={t('counter.queuesTitle')}>
        <ul className="plain">
          {queues.map((q) => (
            <li key={q.queue}>
              {q.letter} · {q.queue}: {t('counter.waitingCount', { count: q.waiting })}
            </li>
          ))}
        </ul>
        <p>
          <a href={`/display/${encodeURIComponent(office)}`} target="_blank" rel="noreferrer">
            {t('counter.openDisplay')}
          </a>
        </p>
      </Panel>
    </>
  );
}
