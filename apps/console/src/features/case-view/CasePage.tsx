import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
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
import type { CaseDetail, CaseMessages } from '../../shared/api/types';
import { byAnotherPerson, newSince, quietlySeen, seenNow, type Seen } from './seen-changes';
import { useSession } from '../../shared/auth/session';
import { useNow } from '../../shared/use-now';
import { Timeline } from './Timeline';
import { LinkForm, NoteForm, StatusForm } from './CaseActions';
import { useTitle } from '../../shared/use-title';
import { useServiceName } from '../../shared/catalogue';
import { Answers } from './Answers';
import { Documents } from './Documents';
import { RestrictedNotice } from '../personal-data/RestrictedNotice';

/**
 * One case as an agent works it: the case, its citizen, the documents the citizen sent, its whole
 * cross-channel timeline and the messages sent about it, with notes, status changes and links. It refreshes while open; a change
 * made elsewhere is announced, and until the agent has looked at it their own change is sent
 * against the version they saw, so the service refuses it (409) rather than lose either.
 */
export default function CasePage() {
  const { reference = '' } = useParams();
  const { t, i18n } = useTranslation();
  useTitle('case', { reference });
  const serviceName = useServiceName();
  const api = useApi();
  const now = useNow();
  const read = () => api.get<CaseDetail>('cases', `/api/v1/cases/${encodeURIComponent(reference)}`);
  const detail = useQuery({ queryKey: ['case', reference], queryFn: read, refetchInterval: 4_000 });
  const messages = useQuery({
    queryKey: ['case-messages', reference],
    queryFn: () =>
      api.get<CaseMessages>('notifications', `/api/v1/cases/${encodeURIComponent(reference)}/messages`),
    refetchInterval: 10_000,
  });
  // What this agent has seen of the case (its version and timeline). The services' own doings and
  // the agent's own changes move it on quietly; a change by another person waits to be looked at,
  // and until then the agent's changes are sent against the version they saw (409 if stale).
  const me = useSession()?.name ?? '';
  const qc = useQueryClient();
  const [seenOf, setSeenOf] = useState<{ reference: string; seen: Seen } | null>(null);
  const data = detail.data;
  if (data) {
    const moved =
      seenOf?.reference !== reference
        ? seenNow(data.case.version, data.timeline)
        : quietlySeen(seenOf.seen, data.case.version, data.timeline, me);
    if (moved) setSeenOf({ reference, seen: moved });
  }
  const seen = seenOf?.reference === reference ? seenOf.seen : null;
  const look = (d: CaseDetail) => setSeenOf({ reference, seen: seenNow(d.case.version, d.timeline) });
  /** On a 409: read the case again; if only the services changed it since, the change can go again. */
  const rebase = async (): Promise<number | null> => {
    const fresh = await qc.fetchQuery({ queryKey: ['case', reference], queryFn: read, staleTime: 0 });
    const moved = seen ? quietlySeen(seen, fresh.case.version, fresh.timeline, me) : null;
    if (!moved) return null;
    setSeenOf({ reference, seen: moved });
    return moved.version;
  };

  if (detail.isPending) return <Loading />;
  if (detail.error) return <ErrorNotice error={detail.error} />;
  const { case: c, citizen, timeline, interactions, links, documents } = detail.data;
  const changedElsewhere = seen !== null && c.version > seen.version;
  const expectedVersion = seen?.version ?? c.version;
  // The agent's own change landed: what they see now is theirs.
  const mine = (_version: number) => void qc.invalidateQueries({ queryKey: ['case', reference] });
  const open = ACTIVE_STATUSES.includes(c.status);
  const latest = seen
    ? newSince(seen, timeline)
        .reverse()
        .find((e) => byAnotherPerson(e, me))
    : undefined;

  return (
    <>
      <h1>
        {t('case.title', { reference: c.reference })}{' '}
        <span className={`badge status-${c.status}`}>{t(`status.${c.status}`)}</span>
      </h1>
      {detail.data.workedFor ? (
        <p className="notice">{t('case.workedFor', { city: detail.data.workedFor.name })}</p>
      ) : null}
      {changedElsewhere ? (
        <div role="status" className="notice notice-warn">
          <p>
            <strong>{t('case.changedElsewhere', { version: c.version })}</strong>{' '}
            {latest ? t('case.latestChange', { actor: latest.actor, summary: latest.summary }) : null}
          </p>
          <Button variant="secondary" onPress={() => look(detail.data)}>
            {t('case.seenChange')}
          </Button>
        </div>
      ) : null}
      <div className="columns">
        <div>
          <Panel title={t('case.details')}>
            <dl className="facts">
              <dt>{t('case.service')}</dt>
              <dd>{serviceName(c.service.code)}</dd>
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
              <Answers serviceCode={c.service.code} attributes={c.attributes} />
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
                  {/* Another city's citizen: their record is that city's, not this one's to open. */}
                  {detail.data.workedFor ? (
                    [citizen.firstName, citizen.lastName].filter(Boolean).join(' ') || t('citizen.unnamed')
                  ) : (
                    <Link to={`/citizens/${citizen.id}`}>
                      {[citizen.firstName, citizen.lastName].filter(Boolean).join(' ') ||
                        t('citizen.unnamed')}
                    </Link>
                  )}
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
                {citizen.restriction ? <RestrictedNotice restriction={citizen.restriction} /> : null}
              </>
            ) : (
              <p>{t('case.noCitizen')}</p>
            )}
          </Panel>
          <Panel title={t('documents.title')}>
            <Documents reference={c.reference} documents={documents} />
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
            <NoteForm
              key={`note-${c.reference}`}
              reference={c.reference}
              expectedVersion={expectedVersion}
              onDone={mine}
              rebase={rebase}
            />
            {open || c.status === 'resolved' ? (
              <StatusForm
                key={`status-${c.reference}`}
                reference={c.reference}
                status={c.status}
                expectedVersion={expectedVersion}
                onDone={mine}
                rebase={rebase}
              />
            ) : (
              <p>{t('case.final')}</p>
            )}
            {open ? (
              <LinkForm
                key={`link-${c.reference}`}
                reference={c.reference}
                expectedVersion={expectedVersion}
                onDone={mine}
                rebase={rebase}
              />
            ) : null}
          </Panel>
        </div>
      </div>
    </>
  );
}
