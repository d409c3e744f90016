import { useTranslation } from 'react-i18next';
import { dateTime } from '@city/web-kit';
import type { CitizenRestriction } from '../../shared/api/types';

/** What every member of staff sees on a restricted record (GDPR article 18): since when, and why. */
export function RestrictedNotice({ restriction }: { restriction: CitizenRestriction }) {
  const { t, i18n } = useTranslation();
  return (
    <p className="notice notice-warn" role="status">
      {t('restriction.notice', {
        date: dateTime(restriction.restrictedAt, i18n.language),
        ground: t(`restriction.grounds.${restriction.ground}`),
      })}
    </p>
  );
}
