import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { AgentScreenPop } from '../../shared/api/types';
import { useScreenPops } from './useScreenPops';

/** The call page for a pop: the caller's record when the number is known, a new request otherwise. */
export const callPath = (pop: AgentScreenPop) => {
  const q = new URLSearchParams({ callId: pop.callId });
  if (pop.callerNumber) q.set('number', pop.callerNumber);
  if (pop.queue) q.set('line', pop.queue);
  if (pop.caller) q.set('citizen', pop.caller.citizenId);
  return `/call?${q.toString()}`;
};

/**
 * Listens while an agent is signed in: a ringing call takes the screen to the caller (a screen-pop),
 * announced to screen readers; the line's state is shown so an agent knows calls can reach them.
 */
export function ScreenPopListener() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [announcement, setAnnouncement] = useState('');
  const latest = useRef<string | null>(null);
  const state = useScreenPops((pop) => {
    if (pop.action !== 'open' || latest.current === pop.callId) return;
    latest.current = pop.callId;
    const who = pop.caller
      ? [pop.caller.firstName, pop.caller.lastName].filter(Boolean).join(' ') || pop.callerNumber
      : pop.callerNumber;
    setAnnouncement(t('call.announce', { who: who ?? t('call.withheld') }));
    void navigate(callPath(pop));
  });
  return (
    <div className="line-state">
      <p className={`line line-${state}`}>{t(`call.line.${state}`)}</p>
      <p aria-live="assertive" className="visually-hidden">
        {announcement}
      </p>
    </div>
  );
}
