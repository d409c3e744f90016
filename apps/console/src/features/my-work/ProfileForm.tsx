import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Checkbox, CheckboxGroup, Label } from 'react-aria-components';
import { Button, Done, ErrorNotice, Field } from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import type { AgentProfile, QueuesOverview } from '../../shared/api/types';

/** The queues an agent works, their skills and languages, and how many items they hold at once. */
export function ProfileForm({ onSaved, queues: given }: { onSaved: () => void; queues?: string[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const queues = useQuery({
    queryKey: ['queues'],
    queryFn: () => api.get<QueuesOverview>('workflow', '/api/v1/queues'),
    enabled: !given,
  });
  const names = given ?? (queues.data?.queues ?? []).map((q) => q.queue);
  const [chosen, setChosen] = useState<string[]>([]);
  const [skills, setSkills] = useState('');
  const [capacity, setCapacity] = useState('5');
  const save = useMutation({
    mutationFn: () =>
      api.send<AgentProfile>('workflow', 'PUT', '/api/v1/agents/me', {
        queues: chosen,
        skills: skills
          .split(/[\s,]+/)
          .map((s) => s.trim())
          .filter(Boolean),
        capacity: Number(capacity),
      }),
    onSuccess: onSaved,
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <CheckboxGroup className="field choice-group" value={chosen} onChange={setChosen}>
        <Label>{t('work.queues')}</Label>
        {names.map((q) => (
          <Checkbox key={q} value={q} className="choice">
            {q}
          </Checkbox>
        ))}
      </CheckboxGroup>
      <Field label={t('work.skills')} hint={t('work.skillsHint')} value={skills} onChange={setSkills} />
      <Field label={t('work.capacity')} value={capacity} onChange={setCapacity} />
      <ErrorNotice error={save.error} />
      {save.isSuccess ? <Done>{t('work.profileSaved')}</Done> : null}
      <Button type="submit" variant="secondary" isDisabled={save.isPending}>
        {t('work.saveProfile')}
      </Button>
    </form>
  );
}
