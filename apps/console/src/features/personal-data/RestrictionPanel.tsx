import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RESTRICTION_GROUNDS, TOLD_BY } from '@city/contracts';
import { Button, Choose, ErrorNotice, Field, Panel } from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import type { CitizenRestriction } from '../../shared/api/types';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * An administrator restricts a citizen's record (GDPR article 18) on the ground they name, or lifts
 * the restriction once the citizen has been told it will be (article 18(3)): how and on which day.
 * The service refuses everyone else, and a lifting on a day still to come.
 */
export function RestrictionPanel({
  citizenId,
  restriction,
}: {
  citizenId: string;
  restriction: CitizenRestriction | null;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const [ground, setGround] = useState<string | null>(null);
  const [toldBy, setToldBy] = useState<string | null>(null);
  const [toldOn, setToldOn] = useState(today);
  const [missing, setMissing] = useState(false);
  const path = `/api/v1/citizens/${encodeURIComponent(citizenId)}/restriction`;
  const refresh = () => void qc.invalidateQueries({ queryKey: ['citizen', citizenId] });
  const restrict = useMutation({
    mutationFn: (g: string) => api.send<CitizenRestriction>('cases', 'POST', path, { ground: g }),
    onSuccess: refresh,
  });
  const lift = useMutation({
    mutationFn: (told: { by: string; on: string }) => api.send('cases', 'POST', `${path}/lift`, { told }),
    onSuccess: () => {
      restrict.reset();
      refresh();
    },
  });

  if (!restriction)
    return (
      <Panel title={t('restriction.title')}>
        <p>{t('restriction.intro')}</p>
        <Choose
          label={t('restriction.ground')}
          choices={RESTRICTION_GROUNDS.map((g) => ({ id: g, label: t(`restriction.grounds.${g}`) }))}
          value={ground}
          onChange={(g) => {
            setGround(g);
            setMissing(false);
          }}
          isRequired
          error={missing ? t('restriction.groundFirst') : undefined}
        />
        <Button
          onPress={() => (ground ? restrict.mutate(ground) : setMissing(true))}
          isDisabled={restrict.isPending}
        >
          {t('restriction.restrict')}
        </Button>
        {lift.isSuccess ? <p role="status">{t('restriction.lifted')}</p> : null}
        <ErrorNotice error={restrict.error} />
      </Panel>
    );
  return (
    <Panel title={t('restriction.liftTitle')}>
      <p>{t('restriction.liftIntro')}</p>
      <Choose
        label={t('restriction.toldBy')}
        choices={TOLD_BY.map((b) => ({ id: b, label: t(`restriction.toldByOptions.${b}`) }))}
        value={toldBy}
        onChange={(b) => {
          setToldBy(b);
          setMissing(false);
        }}
        isRequired
        error={missing ? t('restriction.toldFirst') : undefined}
      />
      <Field
        label={t('restriction.toldOn')}
        hint={t('restriction.toldOnHint')}
        value={toldOn}
        onChange={setToldOn}
        isRequired
      />
      <Button
        onPress={() => (toldBy ? lift.mutate({ by: toldBy, on: toldOn }) : setMissing(true))}
        isDisabled={lift.isPending}
      >
        {t('restriction.lift')}
      </Button>
      {restrict.isSuccess ? <p role="status">{t('restriction.done')}</p> : null}
      <ErrorNotice error={lift.error} />
    </Panel>
  );
}
