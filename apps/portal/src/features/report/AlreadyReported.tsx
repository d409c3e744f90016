import { useEffect, useRef } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Following, NearbyRequest } from '@city/contracts';
import { Button, dateTime, ErrorNotice } from '@city/web-kit';
import { api } from '../../shared/api/client';
import { useCitizen } from '../../shared/auth/citizen-auth';
import { requestPath } from '../../shared/second-factor';

/**
 * "Already reported?": the open reports of the same service near the place, before the citizen's own
 * is sent (as FixMyStreet asks). A signed-in citizen can follow one instead (its updates go to their
 * verified email, and no second case is made for the same pothole); signing in keeps what they
 * typed (`onSignIn`). Or they send theirs anyway.
 */
export function AlreadyReported({
  nearby,
  onSendAnyway,
  onSignIn,
  sending,
  sendError,
}: {
  nearby: NearbyRequest[];
  onSendAnyway: () => void;
  /** Off to the identity provider, the report kept for the way back. */
  onSignIn: () => void;
  sending: boolean;
  sendError: unknown;
}) {
  const { t, i18n } = useTranslation();
  const { citizen } = useCitizen();
  const heading = useRef<HTMLHeadingElement>(null);
  const follow = useMutation({
    mutationFn: (reference: string) =>
      api.send<Following>('cases', 'POST', `${requestPath(reference)}/followers`, {
        language: i18n.language,
      }),
  });
  // The keyboard and the screen reader go to what changed: the list, then the answer to following.
  useEffect(() => heading.current?.focus(), [follow.isSuccess]);
  if (follow.isSuccess)
    return (
      <section aria-labelledby="following">
        <h2 id="following" tabIndex={-1} ref={heading}>
          {t('nearby.following', { reference: follow.data.reference })}
        </h2>
        <p>{t('nearby.followingHelp')}</p>
        <p>
          <Link to="/me">{t('nearby.seeMine')}</Link>
        </p>
      </section>
    );
  return (
    <section className="panel" aria-labelledby="nearby">
      <h2 id="nearby" tabIndex={-1} ref={heading}>
        {t('nearby.title', { count: nearby.length })}
      </h2>
      <p>{t(citizen ? 'nearby.help' : 'nearby.helpSignIn')}</p>
      <ul className="plain">
        {nearby.map((r) => (
          <li key={r.reference}>
            <strong>{r.reference}</strong> — {t(`status.${r.status}`, { defaultValue: r.status })},{' '}
            {t('nearby.distance', { metres: r.distanceMetres })}, {t('nearby.reported')}{' '}
            {dateTime(r.receivedAt, i18n.language)}
            {r.expectedBy ? ` · ${t('follow.expected')} ${dateTime(r.expectedBy, i18n.language)}` : null}
            <div>
              {citizen ? (
                <Button
                  variant="secondary"
                  isDisabled={follow.isPending}
                  onPress={() => follow.mutate(r.reference)}
                >
                  {t('nearby.followThis', { reference: r.reference })}
                </Button>
              ) : (
                <Button variant="secondary" onPress={onSignIn}>
                  {t('nearby.signInToFollow', { reference: r.reference })}
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <ErrorNotice error={follow.error ?? sendError} quiet />
      <Button onPress={onSendAnyway} isDisabled={sending}>
        {t('nearby.sendAnyway')}
      </Button>
    </section>
  );
}
