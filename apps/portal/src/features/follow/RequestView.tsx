import { lazy, Suspense, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { dateTime, Done, Loading, Panel } from '@city/web-kit';
import { api } from '../../shared/api/client';
import { factorQuery, type SecondFactor } from '../../shared/second-factor';
import type { CitizenRequestView, CitizenTimelineLine, Inbox } from '../../shared/types';
import type { TFunction } from 'i18next';
// What the citizen can do with a request loads after the request itself is on screen.
const ReplyForm = lazy(() => import('./ReplyForm').then((m) => ({ default: m.ReplyForm })));
const ReopenForm = lazy(() => import('./ReopenForm').then((m) => ({ default: m.ReopenForm })));
const UpdatesForm = lazy(() => import('./UpdatesForm').then((m) => ({ default: m.UpdatesForm })));

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
 * One request as its citizen may see it: its status, expected date, what happened to it, the
 * messages sent about it, and what the citizen can do now (answer what we asked, add photos or a
 * document, reopen it, choose how to hear about it). Each action carries the second factor.
 */
export function RequestView({ request: r, factor }: { request: CitizenRequestView; factor: SecondFactor }) {
  const { t, i18n } = useTranslation();
  const inbox = useQuery({
    queryKey: ['inbox', r.reference, factor],
    queryFn: () =>
      api.get<Inbox>(
        'notifications',
        `/api/v1/inbox?reference=${encodeURIComponent(r.reference)}&${factorQuery(factor)}`,
      ),
  });
  // What the citizen just did, said here: the form they used goes once the request moves on.
  const [done, setDone] = useState<string | null>(null);
  // The inbox is the citizen's (every request's messages): this request's here.
  const messages = inbox.data?.messages.filter((m) => m.reference === r.reference);
  const waiting = r.status === 'waiting-for-citizen';
  const finished = FINISHED.includes(r.status);
  return (
    <Panel title={t('follow.request', { reference: r.reference })}>
      <p className="status-line" role="status">
        {/* The status in the citizen's language (the case-service's summary is the phone line's English sentence). */}
        {t('follow.statusIs')} <strong>{t(`status.${r.status}`, { defaultValue: r.status })}</strong>
      </p>
      {done ? <Done>{done}</Done> : null}
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
      <h3>{t('follow.messages')}</h3>
      {messages && messages.length === 0 ? <p>{t('follow.noMessages')}</p> : null}
      <ul className="plain">
        {messages?.map((m) => (
          <li key={m.id}>
            <strong>{dateTime(m.at, i18n.language)}</strong> · {m.subject}
            <p>{m.text}</p>
          </li>
        ))}
      </ul>
      {!finished && !waiting && r.status !== 'resolved' ? (
        <details className="action">
          <summary>{t('follow.addTitle')}</summary>
          <Suspense fallback={<Loading />}>
            <ReplyForm reference={r.reference} factor={factor} mode="add" onDone={setDone} />
          </Suspense>
        </details>
      ) : null}
      {r.status === 'resolved' ? (
        <details className="action">
          <summary>{t('reopen.title')}</summary>
          <Suspense fallback={<Loading />}>
            <ReopenForm reference={r.reference} factor={factor} onDone={setDone} />
          </Suspense>
        </details>
      ) : null}
      {!finished ? (
        <details className="action">
          <summary>{t('updates.title')}</summary>
          <Suspense fallback={<Loading />}>
            <UpdatesForm reference={r.reference} factor={factor} />
          </Suspense>
        </details>
      ) : null}
    </Panel>
  );
}
