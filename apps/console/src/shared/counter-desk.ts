import { useState } from 'react';

const DESK = 'console.counter-desk';

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
