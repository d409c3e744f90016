import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Loading } from '@city/web-kit';
import type { RequestFormValues } from '@city/web-request-form';
import { useApi } from '../../shared/api/client';
import { hasRole, useSession } from '../../shared/auth/session';
import type { Citizen360 } from '../../shared/api/types';
import { useCounterDesk } from '../../shared/counter-desk';
import { NewRequest, type OnBehalfOf } from './NewRequest';
import { useTitle } from '../../shared/use-title';

/** The contact fields a known citizen's record fills in. */
export function contactFrom(r: Citizen360 | undefined, number?: string | null): Partial<RequestFormValues> {
  const first = (kind: string) => r?.citizen.contactPoints.find((c) => c.kind === kind)?.value ?? '';
  return {
    firstName: r?.citizen.firstName ?? '',
    lastName: r?.citizen.lastName ?? '',
    email: first('email'),
    phone: number ?? first('phone'),
    language:
      r?.citizen.language && ['en', 'nl', 'sv'].includes(r.citizen.language) ? r.citizen.language : '',
  };
}

/**
 * A new request on a citizen's behalf: by phone for an agent (on the call in `callId`, or one taken
 * outside the switch), at the counter for a clerk (their office and desk). The navigation's state may
 * name the citizen (their record fills in the contact) and the caller's number.
 */
export default function NewRequestPage() {
  const { t } = useTranslation();
  useTitle('newRequest');
  const api = useApi();
  const session = useSession();
  // Who it is for comes in the navigation's state (never the address): { citizen, number, callId, ticket }.
  const given = (useLocation().state ?? {}) as {
    citizen?: string;
    number?: string;
    callId?: string;
    ticket?: string;
  };
  const [desk] = useCounterDesk();
  const citizenId = given.citizen ?? null;
  const number = given.number ?? null;
  const [manualCall] = useState(() => `manual-${crypto.randomUUID()}`);
  const citizen = useQuery({
    queryKey: ['citizen', citizenId],
    enabled: !!citizenId,
    queryFn: () => api.get<Citizen360>('cases', `/api/v1/citizens/${citizenId}`),
  });
  if (citizenId && citizen.isPending) return <Loading />;
  const atCounter = hasRole(session, 'clerk') && !!session?.office;
  const on: OnBehalfOf = atCounter
    ? {
        channel: 'counter',
        office: session.office as string,
        counter: desk,
        ...(given.ticket ? { ticket: given.ticket } : {}),
      }
    : {
        channel: 'phone',
        callId: given.callId ?? manualCall,
        ...(number ? { callerNumber: number } : {}),
      };
  return (
    <>
      <h1>{t(atCounter ? 'newRequest.titleCounter' : 'newRequest.titlePhone')}</h1>
      <NewRequest on={on} initial={contactFrom(citizen.data, number)} />
    </>
  );
}
