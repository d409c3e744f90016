import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Checkbox, CheckboxGroup, Label } from 'react-aria-components';
import { ApiError, Button, Done, ErrorNotice, Field } from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import type { AgentProfile, QueuesOverview } from '../../shared/api/types';

/** The queues an agent works, their skills and languages, and how many items they hold at once. */
export function ProfileForm({ onSaved, queues: given }: { onSaved: () => void; queues?: string[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const queues = useQuery({
    queryKey: ['queues'],
    queryFn: () => api.get<QueuesOverview>('workflow', '/api/v1/queues'),
    enabled: !given,
  });
  const names = given ?? (queues.data?.queues ?? []).map((q) => q.queue);
  // Their profile as it is (404: none yet), so saving changes what they see rather than replacing it.
  const current = useQuery({
    queryKey: ['my-profile'],
    queryFn: () =>
      api.get<AgentProfile>('workflow', '/api/v1/agents/me').catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
  });
  const [draft, setDraft] = useState<{ queues: string[]; skills: string; capacity: string } | null>(null);
  const shown = draft ?? {
    queues: current.data?.queues ?? [],
    skills: (current.data?.skills ?? []).join(' '),
    capacity: String(current.data?.capacity ?? 5),
  };
  const edit = (change: Partial<typeof shown>) => setDraft({ ...shown, ...change });
  const chosen = shown.queues;
  const save = useMutation({
    mutationFn: () =>
      api.send<AgentProfile>('workflow', 'PUT', '/api/v1/agents/me', {
        queues: chosen,
        skills: shown.skills
          .split(/[\s,]+/)
          .map((s) => s.trim())
          .filter(Boolean),
        capacity: Number(shown.capacity),
      }),
    onSuccess: () => {
      setDraft(null);
      void qc.invalidateQueries({ queryKey: ['my-profile'] });
      onSaved();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <CheckboxGroup className="field choice-group" value={chosen} onChange={(queues) => edit({ queues })}>
        <Label>{t('work.queues')}</Label>
        {names.map((q) => (
          <Checkbox key={q} value={q} className="choice">
            {q}
          </Checkbox>
        ))}
      </CheckboxGroup>
      <Field
        label={t('work.skills')}
        hint={t('work.skillsHint')}
        value={shown.skills}
        onChange={(skills) => edit({ skills })}
      />
      <Field label={t('work.capacity')} value={shown.capacity} onChange={(capacity) => edit({ capacity })} />
      <ErrorNotice error={save.error} />
      {save.isSuccess ? <Done>{t('work.profileSaved')}</Done> : null}
      <Button type="submit" variant="secondary" isDisabled={save.isPending}>
        {t('work.saveProfile')}
      </Button>
    </form>
  );
}
