import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { dateTime, ErrorNotice, Loading, Panel } from '@city/web-kit';
import { api } from '../../shared/api/client';
import { factorQuery, requestPath, type SecondFactor } from '../../shared/second-factor';
import type { CitizenRequestView, CitizenTimelineLine, Inbox } from '../../shared/types';
import type { SatisfactionOfRequest, SatisfactionScore } from '@city/contracts';
import type { TFunction } from 'i18next';
// What the citizen can do with a request loads after the request itself is on screen.
const ReplyForm = lazy(() => import('../answer-back/ReplyForm').then((m) => ({ default: m.ReplyForm })));
const ReopenForm = lazy(() => import('../reopen/ReopenForm').then((m) => ({ default: m.ReopenForm })));
const UpdatesForm = lazy(() => import('../updates/UpdatesForm').then((m) => ({ default: m.UpdatesForm })));
const SatisfactionForm = lazy(() =>
  import('../satisfaction/SatisfactionForm').then((m) => ({ default: m.SatisfactionForm })),
);

/**
 * A line of the history in the citizen's language, from what it says as data; a note an agent
 * shared is their own words, and a line this portal does not know yet stays as the service wrote it.
 */
export function lineText(e: CitizenTimelineLine, t: TFunction): string {
  const f = e.facts;
  const status = (s: string) => t(`status.${s}`, { defaultValue: s });
  switch (e.kind) {
    case 'created':
      return f.channel
        ? t(`timeline.created.${f.channel}`, { defaultValue: e.text })
        : t('timeline.created.other');
    case 'status-changed':
      return f.from && f.to
        ? t('timeline.statusChanged', { from: status(f.from), to: status(f.to) })
        : e.text;
    case 'linked':
      return f.reference ? t('timeline.linked', { reference: f.reference }) : e.text;
    case 'message-sent':
      return t(`timeline.messageSent.${f.medium ?? 'other'}`, { defaultValue: e.text });
    case 'citizen-replied':
      if (f.documents === undefined) return e.text;
      if (f.documents === 0) return t('timeline.replied.message');
      return t(f.message ? 'timeline.replied.documentsAndMessage' : 'timeline.replied.documents', {
        count: f.documents,
      });
    default:
      return e.text;
  }
}

/** Where a request ended, or was joined to another: nothing more to send or change on it. */
const FINISHED = ['closed', 'withdrawn', 'duplicate', 'not-our-responsibility'];

/**
 * A part of a request the citizen opens when they want it (an action, the messages): its content is
 * made, and what it reads fetched, only once opened, so a page of requests costs no look-ups for them.
 */
function Disclosure({ summary, children }: { summary: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="action" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{summary}</summary>
      {open ? <Suspense fallback={<Loading />}>{children}</Suspense> : null}
    </details>
  );
}

/** The messages sent about one request (the citizen's inbox holds every request's). */
function Messages({ reference, factor }: { reference: string; factor: SecondFactor }) {
  const { t, i18n } = useTranslation();
  const inbox = useQuery({
    queryKey: ['inbox', reference, factor],
    queryFn: () =>
      api.get<Inbox>(
        'notifications',
        `/api/v1/inbox?reference=${encodeURIComponent(reference)}&${factorQuery(factor)}`,
      ),
  });
  const messages = inbox.data?.messages.filter((m) => m.reference === reference);
  return (
    <>
      {inbox.isPending ? <Loading /> : null}
      <ErrorNotice error={inbox.error} quiet />
      {messages && messages.length === 0 ? <p>{t('follow.noMessages')}</p> : null}
      <ul className="plain">
        {messages?.map((m) => (
          <li key={m.id}>
            <strong>{dateTime(m.at, i18n.language)}</strong> · {m.subject}
            <p>{m.text}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * The question after a resolution ("How satisfied are you with how we handled your request?"), to the
 * citizen who made it: answered here with the request's second factor. Open at once on the request's
 * own page while it waits for an answer; in a list of requests, and once answered, behind its summary.
 */
function Satisfaction({
  request: r,
  factor,
  inList,
  onDone,
}: {
  request: CitizenRequestView;
  factor: SecondFactor;
  inList: boolean;
  onDone: (said: string) => void;
}) {
  const { t } = useTranslation();
  const question = r.satisfaction;
  if (!question) return null;
  const form = (
    <SatisfactionForm
      reference={r.reference}
      question={question}
      send={(score: SatisfactionScore) =>
        api.send<SatisfactionOfRequest>('cases', 'PUT', `${requestPath(r.reference)}/satisfaction`, {
          ...factor,
          score,
        })
      }
      onDone={onDone}
    />
  );
  if (inList || question.answer || !question.open)
    return <Disclosure summary={t('satisfaction.title')}>{form}</Disclosure>;
  return (
    <section className="action" aria-labelledby={`satisfaction-${r.reference}`}>
      <h3 id={`satisfaction-${r.reference}`}>{t('satisfaction.title')}</h3>
      <Suspense fallback={<Loading />}>{form}</Suspense>
    </section>
  );
}

/**
 * One request as its citizen may see it: its status, expected date, what happened to it, the
 * messages sent about it, and what the citizen can do now (answer what we asked, add photos or a
 * document, reopen it, choose how to hear about it). Each action carries the second factor. In a
 * list of requests (`inList`), the messages wait until opened and the updates are chosen once for
 * all of them.
 */
export function RequestView({
  request: r,
  factor,
  inList = false,
}: {
  request: CitizenRequestView;
  factor: SecondFactor;
  inList?: boolean;
}) {
  const { t, i18n } = useTranslation();
  // What the citizen just did, said here (a live region that is always there, so it is announced):
  // the form they used goes once the request moves on.
  const [done, setDone] = useState<string | null>(null);
  const waiting = r.status === 'waiting-for-citizen';
  const finished = FINISHED.includes(r.status);
  return (
    <Panel title={t('follow.request', { reference: r.reference })}>
      <p className="status-line">
        {/* The status in the citizen's language (the case-service's summary is the phone line's English sentence). */}
        {t('follow.statusIs')} <strong>{t(`status.${r.status}`, { defaultValue: r.status })}</strong>
      </p>
      <p role="status" className={done ? 'notice notice-done' : 'visually-hidden'}>
        {done}
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
          {r.duplicateOf.expectedBy
            ? ` ${t('follow.duplicateExpected', { date: dateTime(r.duplicateOf.expectedBy, i18n.language) })}`
            : null}
        </p>
      ) : null}
      {waiting ? (
        <section className="notice notice-warn" aria-labelledby={`asked-${r.reference}`}>
          <h3 id={`asked-${r.reference}`}>{t('follow.asked')}</h3>
          <p>{t('follow.askedHelp')}</p>
          <Suspense fallback={<Loading />}>
            <ReplyForm reference={r.reference} factor={factor} mode="answer" onDone={setDone} />
          </Suspense>
        </section>
      ) : null}
      {r.satisfaction ? <Satisfaction request={r} factor={factor} inList={inList} onDone={setDone} /> : null}
      {r.timeline && r.timeline.length > 0 ? (
        <>
          <h3>{t('follow.history')}</h3>
          <ol className="timeline">
            {r.timeline.map((e, i) => (
              <li key={i}>
                <time dateTime={e.at}>{dateTime(e.at, i18n.language)}</time> — {lineText(e, t)}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {inList ? (
        <Disclosure summary={t('follow.messages')}>
          <Messages reference={r.reference} factor={factor} />
        </Disclosure>
      ) : (
        <>
          <h3>{t('follow.messages')}</h3>
          <Messages reference={r.reference} factor={factor} />
        </>
      )}
      {!finished && !waiting && r.status !== 'resolved' ? (
        <Disclosure summary={t('follow.addTitle')}>
          <ReplyForm reference={r.reference} factor={factor} mode="add" onDone={setDone} />
        </Disclosure>
      ) : null}
      {r.status === 'resolved' && r.reopenUntil && new Date(r.reopenUntil) <= new Date() ? (
        <p>{t('reopen.over')}</p>
      ) : r.status === 'resolved' ? (
        <Disclosure summary={t('reopen.title')}>
          {r.reopenUntil ? (
            <p>{t('reopen.until', { date: dateTime(r.reopenUntil, i18n.language) })}</p>
          ) : null}
          <ReopenForm reference={r.reference} factor={factor} onDone={setDone} />
        </Disclosure>
      ) : null}
      {!finished && !inList ? (
        <Disclosure summary={t('updates.title')}>
          <UpdatesForm reference={r.reference} factor={factor} />
        </Disclosure>
      ) : null}
    </Panel>
  );
}
