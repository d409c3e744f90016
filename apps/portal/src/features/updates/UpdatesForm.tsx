import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { CitizenPreferences as Preferences } from '@city/contracts';
import { useTranslation } from 'react-i18next';
import { Checkbox, Form } from 'react-aria-components';
import { Button, Choose, Done, ErrorNotice, Loading } from '@city/web-kit';
import { api } from '../../shared/api/client';
import { LANGUAGES } from '../../shared/i18n/i18n';
import { factorQuery, requestPath, type SecondFactor } from '../../shared/second-factor';

/** The ways the city can keep a citizen informed that they can choose here. */
const CHANNELS = ['email', 'sms', 'web', 'phone', 'post'] as const;

/**
 * How the citizen hears about their requests: whether at all (opting out), by which channel and in
 * which language. By a request and its second factor, or, signed in, their own (`factor` absent).
 */
export function UpdatesForm({ reference, factor }: { reference?: string; factor?: SecondFactor }) {
  const { t } = useTranslation();
  const path = reference && factor ? `${requestPath(reference)}/preferences` : '/api/v1/me/preferences';
  const current = useQuery({
    queryKey: ['preferences', path, factor],
    queryFn: () => api.get<Preferences>('cases', factor ? `${path}?${factorQuery(factor)}` : path),
  });
  // What the citizen changed, over what the service has.
  const [changed, setDraft] = useState<Preferences | null>(null);
  const draft = changed ?? current.data ?? null;
  const save = useMutation({
    mutationFn: (p: Preferences) =>
      api.send<Preferences>('cases', 'PUT', path, {
        ...(factor ?? {}),
        consent: p.consent,
        channel: p.channel,
        language: p.language,
      }),
  });
  if (current.isPending) return <Loading />;
  if (!draft) return <ErrorNotice error={current.error} quiet />;
  return (
    <Form
      aria-label={t('updates.title')}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(draft);
      }}
    >
      <Checkbox
        className="choice"
        isSelected={draft.consent}
        onChange={(consent) => setDraft({ ...draft, consent })}
      >
        {t('updates.consent')}
      </Checkbox>
      <div className="row">
        <Choose
          label={t('updates.channel')}
          value={draft.channel}
          onChange={(channel) => setDraft({ ...draft, channel: channel as Preferences['channel'] })}
          choices={CHANNELS.map((c) => ({ id: c, label: t(`updates.channels.${c}`) }))}
        />
        <Choose
          label={t('updates.language')}
          value={draft.language}
          onChange={(language) => setDraft({ ...draft, language: language as Preferences['language'] })}
          choices={LANGUAGES.map((l) => ({ id: l, label: t(`languages.${l}`) }))}
        />
      </div>
      <ErrorNotice error={save.error} quiet />
      {save.isSuccess ? <Done>{t(save.data.consent ? 'updates.saved' : 'updates.optedOut')}</Done> : null}
      <Button type="submit" isDisabled={save.isPending}>
        {t('updates.save')}
      </Button>
    </Form>
  );
}
