import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Form } from 'react-aria-components';
import { Button, ErrorNotice, Field, fieldReason, isConflict } from '@city/web-kit';
import { api } from '../../shared/api/client';
import { requestPath, type SecondFactor } from '../../shared/second-factor';

/**
 * A resolved request the citizen is not content with goes back to work, with their reason, until
 * the city's period after resolution ends (then it closes, and a new request is the way).
 */
export function ReopenForm({
  reference,
  factor,
  onDone,
}: {
  reference: string;
  factor: SecondFactor;
  onDone: (said: string) => void;
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [reason, setReason] = useState('');
  const reopen = useMutation({
    mutationFn: () =>
      api.send('cases', 'POST', `${requestPath(reference)}/reopen`, { ...factor, reason: reason.trim() }),
    onSuccess: () => {
      onDone(t('reopen.done'));
      void queries.invalidateQueries({ queryKey: ['follow'] });
      void queries.invalidateQueries({ queryKey: ['me'] });
    },
  });
  return (
    <Form
      aria-label={t('reopen.title')}
      onSubmit={(e) => {
        e.preventDefault();
        reopen.mutate();
      }}
    >
      <p>{t('reopen.help')}</p>
      <Field
        label={t('reopen.reason')}
        isRequired
        multiline
        value={reason}
        onChange={setReason}
        error={fieldReason(reopen.error, 'reason')}
      />
      {isConflict(reopen.error) ? (
        // Closed since (the period to reopen is over), or not resolved any more.
        <p role="alert" className="notice notice-error">
          {t('reopen.tooLate')}
        </p>
      ) : (
        <ErrorNotice error={reopen.error} quiet />
      )}
      <Button type="submit" isDisabled={reopen.isPending}>
        {t('reopen.submit')}
      </Button>
    </Form>
  );
}
