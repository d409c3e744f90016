import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Form } from 'react-aria-components';
import { Button, Done, ErrorNotice, Field, fieldReason } from '@city/web-kit';
import { useApi } from '../../shared/api/client';
import { useStaffChannel } from '../../shared/auth/session';
import type { CaseDetail, Citizen360, CitizenMerge } from '../../shared/api/types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Two records of one person become one: the agent names the other record (its id, or the reference
 * of one of its cases), sees whose it is, gives the reason, and merges it into this one.
 */
export function MergeForm({ survivorId, suggestedId }: { survivorId: string; suggestedId: string | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const channel = useStaffChannel();
  const qc = useQueryClient();
  const [other, setOther] = useState(suggestedId ?? '');
  const [reason, setReason] = useState('');
  // Looked up when the agent asks (or at once for the record's own suggestion), not at each key.
  const [key, setKey] = useState(suggestedId ?? '');
  const found = useQuery({
    queryKey: ['merge-candidate', key],
    enabled: key.length >= 8,
    queryFn: async () => {
      const id = UUID.test(key)
        ? key
        : (await api.get<CaseDetail>('cases', `/api/v1/cases/${encodeURIComponent(key)}`)).citizen?.id;
      if (!id) return null;
      return api.get<Citizen360>('cases', `/api/v1/citizens/${id}`);
    },
  });
  const merge = useMutation({
    mutationFn: (mergeCitizenId: string) =>
      api.send<CitizenMerge>('cases', 'POST', `/api/v1/citizens/${survivorId}/merges`, {
        mergeCitizenId,
        reason,
        channel,
      }),
    onSuccess: () => {
      setOther('');
      setKey('');
      setReason('');
      void qc.invalidateQueries({ queryKey: ['citizen', survivorId] });
    },
  });
  const candidate = found.data?.citizen;
  return (
    <Form
      aria-label={t('merge.title')}
      onSubmit={(e) => {
        e.preventDefault();
        if (candidate) merge.mutate(candidate.id);
      }}
    >
      {suggestedId ? <p>{t('merge.suggested')}</p> : null}
      <Field
        label={t('merge.other')}
        hint={t('merge.otherHint')}
        value={other}
        onChange={setOther}
        error={fieldReason(merge.error, 'mergeCitizenId')}
      />
      <Button variant="secondary" isDisabled={other.trim().length < 8} onPress={() => setKey(other.trim())}>
        {t('merge.lookUp')}
      </Button>
      {candidate ? (
        <p role="status">
          {t('merge.candidate', {
            name: [candidate.firstName, candidate.lastName].filter(Boolean).join(' ') || t('citizen.unnamed'),
            contacts: candidate.contactPoints.map((c) => c.value).join(', '),
            cases: found.data?.cases.length ?? 0,
          })}
        </p>
      ) : null}
      <ErrorNotice error={found.error} />
      <Field
        label={t('merge.reason')}
        isRequired
        value={reason}
        onChange={setReason}
        error={fieldReason(merge.error, 'reason')}
      />
      <ErrorNotice error={merge.error} />
      {merge.isSuccess ? <Done>{t('merge.done', { cases: merge.data.moved.cases })}</Done> : null}
      <Button
        type="submit"
        variant="danger"
        isDisabled={!candidate || candidate.id === survivorId || reason.trim().length < 3 || merge.isPending}
      >
        {t('merge.submit')}
      </Button>
    </Form>
  );
}
