import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ACTIVE_STATUSES } from '@city/domain-cases';
import {
  Button,
  ErrorNotice,
  Loading,
  Panel,
  SlaBadge,
  dateTime,
  relativeTime,
  slaState,
} from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import type { CaseDetail, CaseMessages, TimelineEntry } from '../../shared/api/types';
import { useSession } from '../../shared/auth/session';
import { useNow } from '../../shared/use-now';
import { Timeline } from './Timeline';
import { LinkForm, NoteForm, StatusForm } from './CaseActions';

/** A timeline entry made by a person other than this agent (services sign as `<name>-service` or `service:<name>`). */
const byAnotherPerson = (e: TimelineEntry, me: string) =>
  !e.actor.startsWith('service:') && !/^[\w-]+-service$/.test(e.actor) && !e.actor.endsWith(`:${me}`);

/**
 * One case as an agent works it: the case, its citizen, its whole cross-channel timeline and the
 * messages sent about it, with notes, status changes and links. It refreshes while open; a change
 * made elsewhere is announced, and until the agent has looked at it their own change is sent
 * against the version they saw, so the service refuses it (409) rather than lose either.
 */
export default function CasePage() {
  const { reference = '' } = useParams();
  const { t, i18n } = useTranslation();
  const api = useApi();
  const now = useNow();
  const detail = useQuery({
    queryKey: ['case', reference],
    queryFn: () => api.get<CaseDetail>('cases', `/api/v1/cases/${encodeURIComponent(reference)}`),
    refetchInterval: 4_000,
  });
  const messages = useQuery({
    queryKey: ['case-messages', reference],
    queryFn: () =>
      api.get<CaseMessages>('notifications', `/api/v1/cases/${encodeURIComponent(reference)}/messages`),
    refetchInterval: 10_000,
  });
  // The version this agent has seen, per case. What the services do on their own (routing, due
  // times, messages, the agent's own changes) moves it on quietly; a change by another person waits
  // to be looked at, and until then a change of this agent's is sent against the version they saw.
  const me = useSession()?.name ?? '';
  const [seenOf, setSeenOf] = useState<{ reference: string; version: number; entries: number } | null>(null);
  const data = detail.data;
  if (data) {
    const fresh = seenOf?.reference === reference ? data.timeline.slice(seenOf.entries) : null;
    if (!fresh || (data.case.version > (seenOf?.version ?? 0) && fresh.every((e) => !byAnotherPerson(e, me))))
      setSeenOf({ reference, version: data.case.version, entries: data.timeline.length });
  }
  const seen = seenOf?.reference === reference ? seenOf : null;
  const setSeen = (version: number) =>
    setSeenOf({ reference, version, entries: seen?.entries ?? data?.timeline.length ?? 0 });

  if (detail.isPending) return <Loading />;
  if (detail.error) return <ErrorNotice error={detail.error} />;
  const { case: c, citizen, timeline, interactions, links } = detail.data;
  const changedElsewhere = seen !== null && c.version > seen.version;
  const expectedVersion = seen?.version ?? c.version;
  const mine = (version: number) => setSeen(version);
  const open = ACTIVE_STATUSES.includes(c.status);
  const latest = [...timeline].reverse().find((e) => byAnotherPerson(e, me));

  return (
    <>
      <h1>
        {t('case.title', { reference: c.reference })}{' '}
        <span className={`badge status-${c.status}`}>{t(`status.${c.status}`)}</span>
      </h1>
      {changedElsewhere ? (
        <div role="status" className="notice notice-warn">
          <p>
            <strong>{t('case.changedElsewhere', { version: c.version })}</strong>{' '}
            {latest ? t('case.latestChange', { actor: latest.actor, summary: latest.summary }) : null}
          </p>
          <Button
            variant="secondary"
            onPress={() => setSeenOf({ reference, version: c.version, entries: timeline.length })}
          >
            {t('case.seenChange')}
          </Button>
        </div>
      ) : null}
      <div className="columns">
        <div>
          <Panel title={t('case.details')}>
            <dl className="facts">
              <dt>{t('case.service')}</dt>
              <dd>{c.service.code}</dd>
              <dt>{t('case.channel')}</dt>
              <dd>{t(`channels.${c.channelOfOrigin}`)}</dd>
              <dt>{t('case.received')}</dt>
              <dd>{dateTime(c.receivedAt, i18n.language)}</dd>
              <dt>{t('case.queue')}</dt>
              <dd>{c.queue}</dd>
              <dt>{t('case.priority')}</dt>
              <dd>{c.priority}</dd>
              <dt>{t('case.assignee')}</dt>
              <dd>{c.assignee ?? t('case.nobody')}</dd>
              <dt>{t('case.due')}</dt>
              <dd>
                {c.dueAt.resolution ? (
                  <>
                    {dateTime(c.dueAt.resolution, i18n.language)} (
                    {relativeTime(c.dueAt.resolution, now, i18n.language)}){' '}
                    {open ? <SlaBadge state={slaState(c.dueAt.resolution, c.receivedAt, now)} /> : null}
                  </>
                ) : (
                  '—'
                )}
              </dd>
              <dt>{t('case.address')}</dt>
              <dd>
                {c.location.address ??
                  (c.location.lat !== null ? `${c.location.lat}, ${c.location.long}` : '—')}
              </dd>
              <dt>{t('case.description')}</dt>
              <dd>{c.description ?? '—'}</dd>
              {Object.entries(c.attributes).map(([k, v]) => (
                <div key={k} className="fact">
                  <dt>{k}</dt>
                  <dd>{Array.isArray(v) ? v.join(', ') : String(v)}</dd>
                </div>
              ))}
            </dl>
            {links.length > 0 ? (
              <>
                <h3>{t('case.links')}</h3>
                <ul>
                  {links.map((l, i) => (
                    <li key={i}>
                      {t(`case.link.${l.kind}`)}{' '}
                      {l.reference ? <Link to={`/cases/${l.reference}`}>{l.reference}</Link> : '—'}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </Panel>
          <Panel title={t('case.citizen')}>
            {citizen ? (
              <>
                <p>
                  <Link to={`/citizens/${citizen.id}`}>
                    {[citizen.firstName, citizen.lastName].filter(Boolean).join(' ') || t('citizen.unnamed')}
                  </Link>
                </p>
                <ul className="plain">
                  {citizen.contactPoints.map((cp) => (
                    <li key={`${cp.kind}:${cp.value}`}>
                      {t(`contact.${cp.kind}`)}: {cp.value}
                    </li>
                  ))}
                </ul>
                <p>
                  {t('citizen.updatesBy', { channel: t(`updateChannels.${citizen.preferredChannel}`) })} ·{' '}
                  {t(`languages.${citizen.language}`, { defaultValue: citizen.language })}
                  {citizen.supportNeeds ? ` · ${t('citizen.supportNeeds')}` : ''}
                </p>
              </>
            ) : (
              <p>{t('case.noCitizen')}</p>
            )}
          </Panel>
          <Panel title={t('case.timeline')}>
            <Timeline entries={timeline} interactions={interactions} />
          </Panel>
          <Panel title={t('case.messages')}>
            <ErrorNotice error={messages.error} />
            {messages.data && messages.data.messages.length === 0 ? <p>{t('case.noMessages')}</p> : null}
            <ul className="plain">
              {messages.data?.messages.map((m) => (
                <li key={m.id}>
                  <strong>{dateTime(m.at, i18n.language)}</strong> ·{' '}
                  {t(`updateChannels.${m.medium}`, { defaultValue: m.medium })} · {m.subject} ·{' '}
                  {t(`delivery.${m.outcome}`)}
                </li>
              ))}
            </ul>
          </Panel>
        </div>
        <div>
          <Panel title={t('case.actions')}>
            <NoteForm reference={c.reference} expectedVersion={expectedVersion} onDone={mine} />
            {open || c.status === 'resolved' ? (
              <StatusForm
                reference={c.reference}
                status={c.status}
                expectedVersion={expectedVersion}
                onDone={mine}
              />
            ) : (
              <p>{t('case.final')}</p>
            )}
            {open ? (
              <LinkForm reference={c.reference} expectedVersion={expectedVersion} onDone={mine} />
            ) : null}
          </Panel>
        </div>
      </div>
    </>
  );
}
