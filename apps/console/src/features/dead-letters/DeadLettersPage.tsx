import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { Button, dateTime, Done, ErrorNotice, Loading, Panel } from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import { hasRole, useSession } from '../../shared/auth/session';
import { useTitle } from '../../shared/use-title';
import type { DeadLetter, DeadLetterListing, ReplayAnswer } from './dead-letter-types';
import { answerSummary, canPutBack, eventLabel, replayBody, type ReplayRequest } from './dead-letters';

const LETTERS_SHOWN = 100;

/**
 * The dead letters (docs/operations.md "Dead letters"): per topic, how many wait and how many were
 * put back; a topic chosen (`/dead-letters?topic=<topic>`, so it can be bookmarked), its newest
 * letters with the reason each failed, never their payload. An administrator puts back one letter,
 * or every waiting letter of the topic, after saying so in a dialog, and reads what went back and
 * what was skipped and why. Operations see the same list without those controls (the ops-monitor
 * refuses them anyway).
 */
export default function DeadLettersPage() {
  const { t } = useTranslation();
  useTitle('deadLetters');
  const api = useApi();
  const session = useSession();
  const admin = hasRole(session, 'admin');
  const [params, setParams] = useSearchParams();
  const topic = params.get('topic');
  const client = useQueryClient();
  const [asking, setAsking] = useState<ReplayRequest | null>(null);
  const [answer, setAnswer] = useState<ReplayAnswer | null>(null);

  const overview = useQuery({
    queryKey: ['dead-letters', 'topics'],
    queryFn: () => api.get<DeadLetterListing>('ops', '/api/v1/dead-letters?limit=1'),
  });
  const letters = useQuery({
    queryKey: ['dead-letters', 'letters', topic],
    queryFn: () =>
      api.get<DeadLetterListing>(
        'ops',
        `/api/v1/dead-letters?topic=${encodeURIComponent(topic ?? '')}&limit=${LETTERS_SHOWN}`,
      ),
    enabled: !!topic,
    retry: false,
  });
  const replay = useMutation({
    mutationFn: (r: ReplayRequest) =>
      api.send<ReplayAnswer>('ops', 'POST', '/api/v1/dead-letters/replay', replayBody(r)),
    onSuccess: (a) => setAnswer(a),
    onSettled: () => void client.invalidateQueries({ queryKey: ['dead-letters'] }),
  });

  const choose = (next: string) => {
    setAnswer(null);
    replay.reset();
    setParams({ topic: next }, { replace: true });
  };
  const confirm = () => {
    if (!asking) return;
    setAnswer(null);
    replay.mutate(asking);
    setAsking(null);
  };
  const counts = overview.data?.topics.find((c) => c.topic === topic);

  return (
    <>
      <h1>{t('deadLetters.title')}</h1>
      <p>{t('deadLetters.intro')}</p>
      <ErrorNotice error={overview.error} />
      <Panel title={t('deadLetters.topics')}>
        {!overview.data ? (
          overview.isLoading ? (
            <Loading />
          ) : null
        ) : (
          <table className="figures">
            <caption className="visually-hidden">{t('deadLetters.topicsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('deadLetters.col.topic')}</th>
                <th scope="col">{t('deadLetters.col.waiting')}</th>
                <th scope="col">{t('deadLetters.col.replayed')}</th>
                <th scope="col">{t('deadLetters.col.expired')}</th>
                <th scope="col">{t('deadLetters.col.newest')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('deadLetters.col.show')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {overview.data.topics.map((c) => (
                <tr key={c.topic} aria-current={c.topic === topic ? 'true' : undefined}>
                  <th scope="row">
                    <code>{c.topic}</code>
                  </th>
                  <td>{c.waiting}</td>
                  <td>{c.replayed}</td>
                  <td>{c.expired}</td>
                  <td>{c.newestFailedAt ? <Time iso={c.newestFailedAt} /> : '—'}</td>
                  <td>
                    <Button variant="secondary" onPress={() => choose(c.topic)}>
                      {t('deadLetters.show', { topic: c.topic })}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      {topic ? (
        <section aria-labelledby="dead-letters-of" className="report">
          <h2 id="dead-letters-of">{t('deadLetters.lettersOf', { topic })}</h2>
          {admin ? (
            <p>
              <Button
                variant="danger"
                isDisabled={!counts || counts.waiting === 0 || replay.isPending}
                onPress={() => setAsking({ topic })}
              >
                {t('deadLetters.putBackAll', { count: counts?.waiting ?? 0 })}
              </Button>
            </p>
          ) : (
            <p className="form-note">{t('deadLetters.adminsOnly')}</p>
          )}
          {replay.isPending ? <Loading /> : null}
          <ErrorNotice error={replay.error} />
          {answer ? <Answer answer={answer} /> : null}
          <ErrorNotice error={letters.error} />
          {letters.isLoading ? <Loading /> : null}
          {letters.data ? (
            <LetterTable
              letters={letters.data.letters}
              topic={topic}
              admin={admin}
              busy={replay.isPending}
              onPutBack={(l) => setAsking({ topic, ids: [l.id] })}
            />
          ) : null}
        </section>
      ) : (
        <p>{t('deadLetters.chooseTopic')}</p>
      )}
      <Confirm asking={asking} onCancel={() => setAsking(null)} onConfirm={confirm} />
    </>
  );
}

function Time({ iso }: { iso: string }) {
  const { i18n } = useTranslation();
  return <time dateTime={iso}>{dateTime(iso, i18n.language)}</time>;
}

function LetterTable({
  letters,
  topic,
  admin,
  busy,
  onPutBack,
}: {
  letters: DeadLetter[];
  topic: string;
  admin: boolean;
  busy: boolean;
  onPutBack: (l: DeadLetter) => void;
}) {
  const { t } = useTranslation();
  if (letters.length === 0) return <p>{t('deadLetters.none')}</p>;
  return (
    <table className="figures dead-letters">
      <caption>{t('deadLetters.lettersCaption', { topic, count: letters.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('deadLetters.col.letter')}</th>
          <th scope="col">{t('deadLetters.col.type')}</th>
          <th scope="col">{t('deadLetters.col.eventId')}</th>
          <th scope="col">{t('deadLetters.col.reason')}</th>
          <th scope="col">{t('deadLetters.col.group')}</th>
          <th scope="col">{t('deadLetters.col.failedAt')}</th>
          <th scope="col">{t('deadLetters.col.state')}</th>
          {admin ? (
            <th scope="col">
              <span className="visually-hidden">{t('deadLetters.col.action')}</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {letters.map((l) => (
          <tr key={l.id}>
            <th scope="row">
              <code>{l.id}</code>
            </th>
            <td>{eventLabel(l) ?? t('deadLetters.noEnvelope')}</td>
            <td>{l.eventId ? <code>{l.eventId}</code> : '—'}</td>
            <td className="reason">{l.error}</td>
            <td>{l.consumerGroup ?? '—'}</td>
            <td>
              <Time iso={l.failedAt} />
            </td>
            <td>
              <State letter={l} />
            </td>
            {admin ? (
              <td>
                {canPutBack(l) ? (
                  <Button variant="secondary" isDisabled={busy} onPress={() => onPutBack(l)}>
                    {t('deadLetters.putBack', { id: l.id })}
                  </Button>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Waiting, put back (when, by whom), or gone from the topic; and the letter it repeats. */
function State({ letter: l }: { letter: DeadLetter }) {
  const { t } = useTranslation();
  return (
    <>
      {l.state === 'replayed' && l.replayed ? (
        <>
          {t('deadLetters.state.replayed')}: <Time iso={l.replayed.at} />
          {', '}
          {l.replayed.by ?? t('deadLetters.outside')}
        </>
      ) : l.state === 'expired' ? (
        t('deadLetters.state.expired')
      ) : (
        t('deadLetters.state.waiting')
      )}
      {l.replayOf ? (
        <>
          <br />
          {t('deadLetters.repeats', { id: l.replayOf })}
        </>
      ) : null}
    </>
  );
}

/** What went back and what did not, and why. */
function Answer({ answer }: { answer: ReplayAnswer }) {
  const { t } = useTranslation();
  const s = answerSummary(answer);
  return (
    <div className="replay-answer">
      <Done>
        {t('deadLetters.answer.putBack', { count: s.putBack })}{' '}
        {s.skipped.length === 0
          ? t('deadLetters.answer.noneSkipped')
          : t('deadLetters.answer.skipped', {
              count: s.skipped.reduce((n, g) => n + g.ids.length, 0),
            })}
      </Done>
      {s.skipped.length > 0 ? (
        <ul>
          {s.skipped.map((g) => (
            <li key={g.reason}>
              {t(`deadLetters.skip.${g.reason}`)}: {g.ids.join(', ')}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** "Put these back?": an alert dialog, the focus on Cancel; Escape cancels. */
function Confirm({
  asking,
  onCancel,
  onConfirm,
}: {
  asking: ReplayRequest | null;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const one = asking?.ids?.[0];
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={!!asking}
      isDismissable
      onOpenChange={(open) => {
        if (!open) onCancel();
      }}
    >
      <Modal className="modal">
        <Dialog role="alertdialog" className="modal-dialog" aria-describedby="dead-letters-confirm-text">
          <Heading slot="title">
            {one ? t('deadLetters.confirm.oneTitle', { id: one }) : t('deadLetters.confirm.allTitle')}
          </Heading>
          <p id="dead-letters-confirm-text">
            {one
              ? t('deadLetters.confirm.oneText', { id: one, topic: asking?.topic ?? '' })
              : t('deadLetters.confirm.allText', { topic: asking?.topic ?? '' })}
          </p>
          <div className="actions">
            <Button variant="secondary" onPress={onCancel} autoFocus>
              {t('deadLetters.confirm.cancel')}
            </Button>
            <Button variant="danger" onPress={onConfirm}>
              {t('deadLetters.confirm.go')}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
