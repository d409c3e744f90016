import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfig } from '../../app/config';

/** Names the browser tab after the kiosk's screen (WCAG 2.4.2), in the citizen's language. */
export function useScreenTitle(title: string): void {
  const { t } = useTranslation();
  const { cityName } = useConfig();
  const full = `${title} – ${t('app.name', { city: cityName })}`;
  useEffect(() => {
    document.title = full;
  }, [full]);
}
