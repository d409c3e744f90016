import { useEffect, useRef } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Following, NearbyRequest } from '@city/contracts';
import { Button, dateTime, ErrorNotice } from '@city/web-kit';
import { api } from '../../shared/api/client';
import { requestPath, type SecondFactor } from '../../shared/second-factor';

/**
 * "Already reported?": the open reports of the same service near the place, before the citizen's own
 * is sent (as FixMyStreet asks). Following one sends its updates to the citizen instead of making a
 * second case for the same pothole; or they send theirs anyway.
 */
export function AlreadyReported({
  nearby,
  contact,
  onSendAnyway,
  sending,
}: {
  nearby: NearbyRequest[];
  /** The email or phone from the form, where its updates go; null when none was given. */
  contact: SecondFactor | null;
  onSendAnyway: () => void;
  sending: boolean;
}) {
  const { t, i18n } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const follow = useMutation({
    mutationFn: (reference: string) =>
      api.send<Following>('cases', 'POST', `${requestPath(reference)}/followers`, {
        ...contact,
        language: i18n.language,
      }),
  });
  if (follow.isSuccess)
    return (
      <section aria-labelledby="following">
        <h2 id="following" tabIndex={-1} ref={heading}>
          {t('nearby.following', { reference: follow.data.reference })}
        </h2>
        <p>{t('nearby.followingHelp')}</p>
        <p>
          <Link to={`/track/${follow.data.reference}`}>{t('report.follow')}</Link>
        </p>
      </section>
    );
  return (
    <section className="panel" aria-labelledby="nearby">
      <h2 id="nearby" tabIndex={-1} ref={heading}>
        {t('nearby.title', { count: nearby.length })}
      </h2>
      <p>{t(contact ? 'nearby.help' : 'nearby.helpNoContact')}</p>
      <ul className="plain">
        {nearby.map((r) => (
          <li key={r.reference}>
            <strong>{r.reference}</strong> — {t(`status.${r.status}`, { defaultValue: r.status })},{' '}
            {t('nearby.distance', { metres: r.distanceMetres })}, {t('nearby.reported')}{' '}
            {dateTime(r.receivedAt, i18n.language)}
            {r.expectedBy ? ` · ${t('follow.expected')} ${dateTime(r.expectedBy, i18n.language)}` : null}
            {contact ? (
              <div>
                <Button
                  variant="secondary"
                  isDisabled={follow.isPending}
                  onPress={() => follow.mutate(r.reference)}
                >
                  {t('nearby.followThis', { reference: r.reference })}
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <ErrorNotice error={follow.error} />
      <Button onPress={onSendAnyway} isDisabled={sending}>
        {t('nearby.sendAnyway')}
      </Button>
    </section>
  );
}
