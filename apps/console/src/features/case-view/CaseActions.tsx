import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Form, Label, Radio, RadioGroup } from 'react-aria-components';
import type { CaseStatus, Channel } from '@city/contracts';
import { allowedNext, checkTransition } from '@city/domain-cases';
import { Button, Choose, Done, ErrorNotice, Field, fieldReason } from '@city/web-kit';
import { useApi, isConflict } from '../../shared/api/client';
import { useStaffChannel } from '../../shared/auth/session';
import type { CaseView } from '../../shared/api/types';

interface ActionProps {
  reference: string;
  /** The case version the agent has seen: a change on an older one is refused with 409. */
  expectedVersion: number;
  /** Called with the case's new version after the change landed. */
  onDone: (version: number) => void;
  /** After a 409: the version to send again against, if only the services changed the case since; else null. */
  rebase: () => Promise<number | null>;
}

/**
 * A change to the case, then the case read again; on a refusal the form keeps what was typed. A 409
 * caused only by the services' own doings (a message sent, a due time set) is sent again against
 * the new version; one caused by another person stands, for the agent to look first.
 */
function useCaseChange<B extends { expectedVersion?: number }>(
  reference: string,
  path: string,
  onDone: (v: number) => void,
  rebase: () => Promise<number | null>,
) {
  const api = useApi();
  const qc = useQueryClient();
  const send = (body: B) =>
    api.send<CaseView>('cases', 'POST', `/api/v1/cases/${encodeURIComponent(reference)}/${path}`, body);
  return useMutation({
    mutationFn: async (body: B) => {
      try {
        return await send(body);
      } catch (e) {
        if (!isConflict(e) || body.expectedVersion === undefined) throw e;
        const version = await rebase();
        if (version === null) throw e;
        return send({ ...body, expectedVersion: version });
      }
    },
    onSuccess: (c) => onDone(c.version),
    onSettled: () => qc.invalidateQueries({ queryKey: ['case', reference] }),
  });
}

export function NoteForm({ reference, expectedVersion, onDone, rebase }: ActionProps) {
  const { t } = useTranslation();
  const channel = useStaffChannel();
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<'internal' | 'shared'>('internal');
  const add = useCaseChange<{ text: string; visibility: string; expectedVersion: number; channel: Channel }>(
    reference,
    'notes',
    (v) => {
      setText('');
      onDone(v);
    },
    rebase,
  );
  return (
    <Form
      aria-label={t('actions.noteTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ text, visibility, expectedVersion, channel });
      }}
    >
      <h3>{t('actions.noteTitle')}</h3>
      <Field
        label={t('actions.note')}
        multiline
        isRequired
        value={text}
        onChange={setText}
        error={fieldReason(add.error, 'text')}
      />
      <RadioGroup
        className="field choice-group"
        value={visibility}
        onChange={(v) => setVisibility(v as 'internal' | 'shared')}
        orientation="horizontal"
      >
        <Label>{t('actions.visibility')}</Label>
        <Radio value="internal" className="choice">
          {t('actions.internal')}
        </Radio>
        <Radio value="shared" className="choice">
          {t('actions.shared')}
        </Radio>
      </RadioGroup>
      <ErrorNotice error={add.error} />
      {add.isSuccess ? <Done>{t('actions.noteAdded')}</Done> : null}
      <Button type="submit" isDisabled={add.isPending || text.trim() === ''}>
        {t('actions.addNote')}
      </Button>
    </Form>
  );
}

export function StatusForm({
  reference,
  status,
  expectedVersion,
  onDone,
  rebase,
}: ActionProps & { status: CaseStatus }) {
  const { t } = useTranslation();
  const channel = useStaffChannel();
  // A duplicate is marked by linking it to its original (below), never by a bare status.
  const next = allowedNext(status).filter((s) => s !== 'duplicate');
  const [to, setTo] = useState<CaseStatus | null>(null);
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<{ field: string; reason: string } | null>(null);
  const change = useCaseChange<{
    status: CaseStatus;
    reason?: string;
    expectedVersion: number;
    channel: Channel;
  }>(
    reference,
    'status',
    (v) => {
      setReason('');
      setTo(null);
      onDone(v);
    },
    rebase,
  );
  const serverReason = (f: string) => fieldReason(change.error, f);
  return (
    <Form
      aria-label={t('actions.statusTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        if (!to) return setLocal({ field: 'status', reason: t('actions.chooseStatus') });
        // The lifecycle's own rule (a reason to reopen or to close as not ours), before the trip.
        const check = checkTransition(status, to, reason);
        if (!check.ok) return setLocal({ field: check.field, reason: t('actions.reasonNeeded') });
        setLocal(null);
        change.mutate({
          status: to,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          expectedVersion,
          channel,
        });
      }}
    >
      <h3>{t('actions.statusTitle')}</h3>
      <Choose
        label={t('actions.newStatus')}
        value={to}
        onChange={(v) => setTo(v as CaseStatus)}
        isRequired
        error={local?.field === 'status' ? local.reason : serverReason('status')}
        placeholder={t('actions.chooseStatus')}
        choices={next.map((s) => ({ id: s, label: t(`status.${s}`) }))}
      />
      <Field
        label={t('actions.reason')}
        multiline
        value={reason}
        onChange={setReason}
        error={local?.field === 'reason' ? local.reason : serverReason('reason')}
      />
      <ErrorNotice error={change.error} />
      {change.isSuccess ? <Done>{t('actions.statusChanged')}</Done> : null}
      <Button type="submit" isDisabled={change.isPending}>
        {t('actions.changeStatus')}
      </Button>
    </Form>
  );
}

export function LinkForm({ reference, expectedVersion, onDone, rebase }: ActionProps) {
  const { t } = useTranslation();
  const channel = useStaffChannel();
  const [kind, setKind] = useState<'duplicate-of' | 'related-to'>('duplicate-of');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const link = useCaseChange<{
    kind: string;
    toReference: string;
    reason?: string;
    expectedVersion: number;
    channel: Channel;
  }>(
    reference,
    'links',
    (v) => {
      setTo('');
      setReason('');
      onDone(v);
    },
    rebase,
  );
  const serverReason = (f: string) => fieldReason(link.error, f);
  return (
    <Form
      aria-label={t('actions.linkTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        link.mutate({
          kind,
          toReference: to.trim(),
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          expectedVersion,
          channel,
        });
      }}
    >
      <h3>{t('actions.linkTitle')}</h3>
      <RadioGroup
        className="field choice-group"
        value={kind}
        onChange={(v) => setKind(v as typeof kind)}
        orientation="horizontal"
      >
        <Label>{t('actions.linkKind')}</Label>
        <Radio value="duplicate-of" className="choice">
          {t('case.link.duplicate-of')}
        </Radio>
        <Radio value="related-to" className="choice">
          {t('case.link.related-to')}
        </Radio>
      </RadioGroup>
      <Field
        label={t('actions.otherReference')}
        isRequired
        value={to}
        onChange={setTo}
        error={serverReason('toReference')}
      />
      <Field label={t('actions.reason')} value={reason} onChange={setReason} error={serverReason('reason')} />
      <ErrorNotice error={link.error} />
      {link.isSuccess ? <Done>{t('actions.linked')}</Done> : null}
      <Button type="submit" variant="secondary" isDisabled={link.isPending || to.trim() === ''}>
        {t('actions.link')}
      </Button>
    </Form>
  );
}
