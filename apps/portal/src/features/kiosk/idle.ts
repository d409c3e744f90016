import { useCallback, useEffect, useRef, useState } from 'react';

/** How long the "Are you still there?" warning shows before the kiosk starts again. */
export const WARNING_SECONDS = 15;

export type IdlePhase =
  { phase: 'active' } | { phase: 'warning'; secondsLeft: number } | { phase: 'expired' };

/** Where an idle session stands, `idleSeconds` after the last touch (the warning is its last 15 s). */
export function idlePhase(nowMs: number, lastActivityMs: number, idleSeconds: number): IdlePhase {
  const left = Math.ceil((lastActivityMs + idleSeconds * 1000 - nowMs) / 1000);
  if (left <= 0) return { phase: 'expired' };
  if (left <= Math.min(WARNING_SECONDS, idleSeconds)) return { phase: 'warning', secondsLeft: left };
  return { phase: 'active' };
}

/** What a person does at a kiosk: a touch, a click, a key, a scroll, typing. */
const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'input'] as const;

/**
 * Starts the kiosk again (`onExpire`) after `idleSeconds` without activity while `enabled` (a
 * session is under way); the last 15 s are a warning any touch dismisses.
 */
export function useIdle(idleSeconds: number, enabled: boolean, onExpire: () => void) {
  const last = useRef(0);
  const [phase, setPhase] = useState<IdlePhase>({ phase: 'active' });
  const expire = useRef(onExpire);
  useEffect(() => {
    expire.current = onExpire;
  }, [onExpire]);

  const touched = useCallback(() => {
    last.current = Date.now();
    setPhase((p) => (p.phase === 'active' ? p : { phase: 'active' }));
  }, []);

  useEffect(() => {
    for (const e of ACTIVITY) document.addEventListener(e, touched, { capture: true, passive: true });
    return () => {
      for (const e of ACTIVITY) document.removeEventListener(e, touched, { capture: true });
    };
  }, [touched]);

  useEffect(() => {
    if (!enabled) return;
    // A session starts now (a screen after home was opened): its clock too.
    last.current = Date.now();
    const tick = setInterval(() => {
      const p = idlePhase(Date.now(), last.current, idleSeconds);
      if (p.phase === 'expired') {
        last.current = Date.now();
        setPhase({ phase: 'active' });
        expire.current();
      } else
        setPhase((was) =>
          was.phase === p.phase && (p.phase !== 'warning' || (was as typeof p).secondsLeft === p.secondsLeft)
            ? was
            : p,
        );
    }, 250);
    return () => {
      clearInterval(tick);
      setPhase({ phase: 'active' });
    };
  }, [enabled, idleSeconds]);

  return { phase: enabled ? phase : ({ phase: 'active' } as IdlePhase), stay: touched };
}
