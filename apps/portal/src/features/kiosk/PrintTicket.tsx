import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from '@city/web-kit';

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

/** Under a reference or a ticket on screen: print it, or done (back to the kiosk's start for the next citizen). */
export function PrintOrDone({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="kiosk-actions">
      <Button className="kiosk-big" onPress={() => window.print()}>
        {t('kiosk.print')}
      </Button>
      <Button variant="secondary" className="kiosk-big" onPress={onDone}>
        {t('kiosk.done')}
      </Button>
    </div>
  );
}

/** The way back to the kiosk's start, above a screen. */
export function BackToStart() {
  const { t } = useTranslation();
  return (
    <p>
      <Link to="/kiosk" className="kiosk-back">
        {t('kiosk.back')}
      </Link>
    </p>
  );
}
