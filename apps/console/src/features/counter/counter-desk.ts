import { useState } from 'react';
import type { CounterTicket } from '../../shared/api/types';

const DESK = 'console.counter-desk';
const CURRENT = 'console.counter-ticket';

/** The counter (desk) this browser stands at: set once by the clerk, kept on the device. */
export function useCounterDesk(): [string, (desk: string) => void] {
  const [desk, setDesk] = useState(() => localStorage.getItem(DESK) ?? '1');
  return [
    desk,
    (d: string) => {
      localStorage.setItem(DESK, d);
      setDesk(d);
    },
  ];
}

/** The ticket being served at this desk, kept across a reload so a visit is never lost mid-way. */
export function useCurrentTicket(): [CounterTicket | null, (t: CounterTicket | null) => void] {
  const [ticket, setTicket] = useState<CounterTicket | null>(() => {
    const raw = sessionStorage.getItem(CURRENT);
    return raw ? (JSON.parse(raw) as CounterTicket) : null;
  });
  return [
    ticket,
    (t) => {
      if (t) sessionStorage.setItem(CURRENT, JSON.stringify(t));
      else sessionStorage.removeItem(CURRENT);
      setTicket(t);
    },
  ];
}
