import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { rememberPop } from './pops';
import { useScreenPops } from './useScreenPops';

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
    rememberPop(pop);
    void navigate(`/call/${encodeURIComponent(pop.callId)}`);
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
