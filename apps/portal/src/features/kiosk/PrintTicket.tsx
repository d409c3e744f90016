import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * What the kiosk's printer prints: only this ticket (kiosk.css hides everything else in print, and
 * hides the ticket on screen). A child of <body>, so that print rules need not reach into the page.
 */
export function PrintTicket({ children }: { children: ReactNode }) {
  return createPortal(<div className="print-ticket">{children}</div>, document.body);
}

/** The date and time on a ticket, in the citizen's language. */
export const printedAt = (at: Date, language: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short' }).format(at);
