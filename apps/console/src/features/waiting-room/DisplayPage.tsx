import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { createApi, ErrorNotice } from '@city/web-kit';
import { publicApi } from '../../shared/api/client';
import type { CounterBoard } from '../../shared/api/types';
import { chime } from './chime';
import { LANGUAGES } from '../../shared/i18n/i18n';

/**
 * The screen above the counters in an office's waiting room: the numbers called and their counters,
 * newest first, read from across the room. A new call flashes, is announced to screen readers and,
 * once someone has turned the sound on (browsers ask for a gesture first), chimes. Public: the board
 * holds ticket numbers and counters, nothing personal.
 */
export default function DisplayPage() {
  const { office = '' } = useParams();
  const { t, i18n } = useTranslation();
  // A screen on a wall has no one to choose: its address may say its language (?lang=nl).
  const [params] = useSearchParams();
  const lang = params.get('lang');
  useEffect(() => {
    if (lang && (LANGUAGES as readonly string[]).includes(lang) && i18n.language !== lang)
      void i18n.changeLanguage(lang);
  }, [lang, i18n]);
  const [sound, setSound] = useState(false);
  const [fresh, setFresh] = useState<string | null>(null);
  const seen = useRef<Set<string> | null>(null);
  // And its city, where the deployment serves several (?city=other-city); else the console's own.
  const city = params.get('city') ?? undefined;
  const api = useMemo(
    () =>
      city
        ? createApi(
            () => undefined,
            () => city,
          )
        : publicApi,
    [city],
  );
  const board = useQuery({
    queryKey: ['display', city, office],
    queryFn: () => api.get<CounterBoard>('workflow', `/api/v1/counters/${encodeURIComponent(office)}/board`),
    refetchInterval: 2_000,
    refetchIntervalInBackground: true,
  });
  const called = board.data?.called ?? [];
  const keyOf = (c: { ticket: string; counter: string | null }) => `${c.ticket}@${c.counter ?? ''}`;

  useEffect(() => {
    if (!board.data) return;
    const keys = board.data.called.map(keyOf);
    if (seen.current) {
      const first = board.data.called.find((c) => !seen.current?.has(keyOf(c)));
      if (first) {
        setFresh(keyOf(first));
        if (sound) void chime();
      }
    }
    seen.current = new Set(keys);
  }, [board.data, sound]);

  useEffect(() => {
    document.title = t('display.title', { office: board.data?.office.name ?? office });
  }, [board.data, office, t]);

  const latest = called[0];
  return (
    <main className="display" lang={i18n.language}>
      <header className="display-head">
        <h1>{board.data?.office.name ?? office}</h1>
        {!sound ? (
          <button type="button" className="btn btn-secondary" onClick={() => setSound(true)}>
            {t('display.soundOn')}
          </button>
        ) : null}
      </header>
      <ErrorNotice error={board.error} />
      <p className="visually-hidden" aria-live="assertive">
        {latest && fresh === keyOf(latest)
          ? t('display.announce', { ticket: latest.ticket, counter: latest.counter ?? '' })
          : ''}
      </p>
      <section aria-label={t('display.called')}>
        <h2>{t('display.called')}</h2>
        {called.length === 0 ? <p className="display-empty">{t('display.noneCalled')}</p> : null}
        <ol className="display-calls">
          {called.map((c) => (
            <li key={keyOf(c)} className={fresh === keyOf(c) ? 'display-call fresh' : 'display-call'}>
              <span className="display-ticket">{c.ticket}</span>
              <span className="display-arrow" aria-hidden="true">
                →
              </span>
              <span className="display-counter">{t('display.counter', { counter: c.counter ?? '—' })}</span>
            </li>
          ))}
        </ol>
      </section>
      <section aria-label={t('display.waiting')} className="display-waiting">
        <h2>{t('display.waiting')}</h2>
        <ul>
          {(board.data?.queues ?? []).map((q) => (
            <li key={q.queue}>
              <span className="display-letter">{q.letter}</span>{' '}
              {t('display.waitingCount', { count: q.waiting })}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
