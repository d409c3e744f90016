import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfig } from '../app/config';

/** Names the browser tab after the page (WCAG 2.4.2), in the citizen's language. */
export function useTitle(page: string, vars: Record<string, string> = {}): void {
  const { t } = useTranslation();
  const { cityName } = useConfig();
  const title = `${t(`titles.${page}`, vars)} – ${t('app.name', { city: cityName })}`;
  useEffect(() => {
    document.title = title;
  }, [title]);
}
