import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfig } from '../../app/config';

/**
 * Names the browser tab after the kiosk's screen (WCAG 2.4.2), in the citizen's language, and
 * gives the screen's h1 its ref: put it on the h1 with `tabIndex={-1}`. Each h1 that appears is
 * focused (a tap that moved to another screen, or the screen's answer after "Send"), so a
 * screen-reader user hears where they are, as the citizen portal's Layout does for its pages.
 */
export function useScreenTitle(title: string): (h1: HTMLHeadingElement | null) => void {
  const { t } = useTranslation();
  const { cityName } = useConfig();
  const full = `${title} – ${t('app.name', { city: cityName })}`;
  useEffect(() => {
    document.title = full;
  }, [full]);
  return useCallback((h1: HTMLHeadingElement | null) => h1?.focus(), []);
}
