import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Names the browser tab after the screen (WCAG 2.4.2), in the person's language. */
export function useTitle(screen: string, vars: Record<string, string> = {}): void {
  const { t, i18n } = useTranslation();
  const title = `${t(`titles.${screen}`, vars)} – ${t('app.name')}`;
  useEffect(() => {
    document.title = title;
  }, [title, i18n.language]);
}
