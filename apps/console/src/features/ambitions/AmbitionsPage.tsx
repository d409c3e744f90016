import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Done, ErrorNotice, Field, Loading } from '@city/web-kit';
import type { AmbitionsAnswer, SelfAssessment } from '@city/contracts';
import { ApiError, useApi } from '../../shared/api/client';
import { useServiceName } from '../../shared/catalogue';
import { useTitle } from '../../shared/use-title';
import { bodyOf, draftsOf, rowOfField, type AmbitionDraft, type AmbitionsBody } from './ambitions-form';

const AMBITIONS = '/api/v1/self-assessment/ambitions';

/**
 * The city's ambitions for its self-assessment, for administrators: for the city as a whole and for
 * each service of the national list (LGSL) it offers, whether it means to offer it online, the
 * digital take-up and the share within the service level it aims for. Recorded all at once with a
 * reason; the self-assessment report puts them beside what was achieved. The ops-monitor refuses
 * anyone but an administrator.
 */
export default function AmbitionsPage() {
  const { t } = useTranslation();
  useTitle('ambitions');
  const api = useApi();
  const client = useQueryClient();
  const serviceName = useServiceName();
  const ambitions = useQuery({
    queryKey: ['ambitions'],
    queryFn: () => api.get<AmbitionsAnswer>('ops', AMBITIONS),
  });
  // The services the city offers, by LGSL id, with their names (the self-assessment knows them).
  const offered = useQuery({
    queryKey: ['ambitions', 'offered'],
    queryFn: () => api.get<SelfAssessment>('ops', '/api/v1/reports/self-assessment'),
  });
  // The form shows what is recorded until the person changes something.
  const [edited, setEdited] = useState<AmbitionDraft[] | null>(null);
  const [reason, setReason] = useState('');
  const [sent, setSent] = useState<AmbitionsBody | null>(null);
  const drafts =
    edited ??
    (ambitions.data && offered.data
      ? draftsOf(
          ambitions.data.ambitions,
          offered.data.rows.map((r) => r.lgslId),
        )
      : null);

  const save = useMutation({
    mutationFn: (body: AmbitionsBody) => api.send<AmbitionsAnswer>('ops', 'PUT', AMBITIONS, body),
    onSuccess: (answer) => {
      client.setQueryData(['ambitions'], answer);
      setEdited(null);
      setReason('');
      void client.invalidateQueries({ queryKey: ['report', 'self-assessment'] });
    },
  });

  if (ambitions.error || offered.error) return <ErrorNotice error={ambitions.error ?? offered.error} />;
  if (!drafts || !offered.data) return <Loading />;

  const rows = new Map(offered.data.rows.map((r) => [r.lgslId, r]));
  const nameOf = (lgslId: number | null) => {
    if (lgslId === null) return t('ambitions.city');
    const r = rows.get(lgslId);
    const services = r?.services.map(serviceName).join(', ');
    return [String(lgslId), r?.lgslName, services ? `(${services})` : null].filter(Boolean).join(' ');
  };
  // The reasons the service gave, at the row they belong to.
  const refused = save.error instanceof ApiError && sent ? save.error.fields : [];
  const reasonAt = (lgslId: number | null, target: string) =>
    sent
      ? refused.find((f) => rowOfField(f.field, sent) === lgslId && f.field.endsWith(target))?.reason
      : undefined;
  const change = (i: number, patch: Partial<AmbitionDraft>) => {
    save.reset();
    setEdited(drafts.map((d, k) => (k === i ? { ...d, ...patch } : d)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = bodyOf(drafts, reason);
    setSent(body);
    save.mutate(body);
  };

  return (
    <>
      <h1>{t('ambitions.title')}</h1>
      <p>{t('ambitions.intro')}</p>
      <form onSubmit={submit} noValidate>
        <table className="figures ambitions">
          <caption>{t('ambitions.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ambitions.service')}</th>
              <th scope="col">{t('ambitions.offerOnline')}</th>
              <th scope="col">{t('ambitions.digitalTakeUp')}</th>
              <th scope="col">{t('ambitions.withinSla')}</th>
            </tr>
          </thead>
          <tbody>
            {drafts.map((d, i) => {
              const name = nameOf(d.lgslId);
              const id = `ambition-${d.lgslId ?? 'city'}`;
              const percentInput = (target: 'digitalTakeUp' | 'withinSla', field: string) => {
                const problem = reasonAt(d.lgslId, field);
                return (
                  <>
                    <input
                      id={`${id}-${target}`}
                      className="percent-input"
                      inputMode="decimal"
                      aria-label={t(`ambitions.${target}Of`, { name })}
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={problem ? `${id}-${target}-problem` : undefined}
                      value={d[target]}
                      onChange={(e) => change(i, { [target]: e.target.value })}
                    />
                    {problem ? (
                      <span id={`${id}-${target}-problem`} className="field-error">
                        {problem}
                      </span>
                    ) : null}
                  </>
                );
              };
              return (
                <tr key={id}>
                  <th scope="row">{name}</th>
                  <td>
                    <select
                      aria-label={t('ambitions.offerOnlineOf', { name })}
                      value={d.offerOnline}
                      onChange={(e) =>
                        change(i, { offerOnline: e.target.value as AmbitionDraft['offerOnline'] })
                      }
                    >
                      <option value="">
                        {d.lgslId === null ? t('ambitions.none') : t('ambitions.asCity')}
                      </option>
                      <option value="yes">{t('ambitions.yes')}</option>
                      <option value="no">{t('ambitions.no')}</option>
                    </select>
                  </td>
                  <td>{percentInput('digitalTakeUp', 'digitalTakeUpPercent')}</td>
                  <td>{percentInput('withinSla', 'withinSlaPercent')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <Field
          label={t('ambitions.reason')}
          hint={t('ambitions.reasonHint')}
          value={reason}
          onChange={(v) => {
            save.reset();
            setReason(v);
          }}
          error={refused.find((f) => f.field === 'reason')?.reason}
        />
        <Button type="submit" isDisabled={save.isPending}>
          {t('ambitions.save')}
        </Button>
      </form>
      {save.isSuccess ? <Done>{t('ambitions.saved')}</Done> : null}
      <ErrorNotice error={save.error} />
    </>
  );
}
