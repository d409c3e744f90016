import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { AcceptedResponse, NearbyRequests, ServiceDefinition, SubmitRequestBody } from '@city/contracts';
import { ApiError, Button, ErrorNotice, Loading, localized } from '@city/web-kit';
import { RequestForm } from '@city/web-request-form';
import { api } from '../../shared/api/client';
import { useConfig } from '../../app/config';
import { useCitizen } from '../../shared/auth/citizen-auth';
import type { SecondFactor } from '../../shared/second-factor';
import { useTitle } from '../../shared/use-title';
import { FileField, MAX_FILES, megabytes } from '../../shared/FileField';
import { replyBody, sendReply } from '../answer-back/ReplyForm';
import { AlreadyReported } from './AlreadyReported';

type Accepted = { reference: string; email?: string; phone?: string };
type Photos = 'none' | 'sending' | 'sent' | 'no-contact' | 'failed';

const contactOf = (body: SubmitRequestBody): SecondFactor | null =>
  body.contact?.email
    ? { email: body.contact.email }
    : body.contact?.phone
      ? { phone: body.contact.phone }
      : null;

/**
 * The photos go to the case once it is on record: a moment after the gateway's 202 (the case-service
 * opens it from the stream), so a 404 is waited out for a while.
 */
async function attachPhotos(reference: string, factor: SecondFactor, files: File[]): Promise<void> {
  // Few tries, spaced out (1.5, 3, 6, 12 s): each counts against the reference's look-up allowance.
  for (let attempt = 0, wait = 1500; ; attempt++, wait *= 2) {
    await new Promise((r) => setTimeout(r, wait));
    try {
      await sendReply(reference, replyBody(factor, '', files));
      return;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404) || attempt >= 3) throw e;
    }
  }
}

/** A report held back at "already reported?" survives the way to the identity provider and back. */
const HELD = 'portal.held-report';
type Held = { body: SubmitRequestBody; nearby: NearbyRequests };
function heldOver(code: string): Held | null {
  const kept = sessionStorage.getItem(HELD);
  if (!kept) return null;
  sessionStorage.removeItem(HELD);
  const h = JSON.parse(kept) as Held & { code: string };
  return h.code === code ? { body: h.body, nearby: h.nearby } : null;
}

/**
 * A request on the web: the catalogue's form for the service (the gateway's own rules run before it
 * is sent), open reports of the same service nearby first ("already reported?"), then the reference.
 * The idempotency key is made once per form, so sending twice (a double click, a retry after the
 * network dropped) makes one request.
 */
export default function ReportPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const config = useConfig();
  const { citizen, signIn } = useCitizen();
  const [key] = useState(() => `portal-${crypto.randomUUID()}`);
  const [accepted, setAccepted] = useState<Accepted | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [photos, setPhotos] = useState<Photos>('none');
  const [photoError, setPhotoError] = useState<unknown>(null);
  /** A report held back while the citizen looks at the open ones nearby. */
  const [held, setHeld] = useState<Held | null>(() => heldOver(code));
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<unknown>(null);
  const thanks = useRef<HTMLHeadingElement>(null);
  // The reference is news: the keyboard and the screen reader go to it.
  useEffect(() => thanks.current?.focus(), [accepted]);
  const definition = useQuery({
    queryKey: ['service-definition', code],
    queryFn: () => api.get<{ service: ServiceDefinition }>('workflow', `/api/v1/catalogue/services/${code}`),
  });
  const name = definition.data ? localized(definition.data.service.name, i18n.language) : code;
  // A service the city gives only to a known person (a permit, a benefit): signed in on the web.
  const mustSignIn = definition.data?.service.identity === 'signed-in' && !citizen;
  useTitle('report', { service: name });

  /** Sends the report (the form's own errors show at its fields; from "send anyway" they show here). */
  const send = async (body: SubmitRequestBody) => {
    setSending(true);
    setSendError(null);
    try {
      const answer = await api.send<AcceptedResponse>('gateway', 'POST', '/api/v1/requests', {
        ...body,
        language: body.language ?? i18n.language,
        idempotencyKey: key,
      });
      setAccepted({ reference: answer.reference, email: body.contact?.email, phone: body.contact?.phone });
      const factor = contactOf(body);
      if (files.length > 0) {
        if (!factor) return setPhotos('no-contact');
        setPhotos('sending');
        attachPhotos(answer.reference, factor, files).then(
          () => setPhotos('sent'),
          (e: unknown) => {
            setPhotoError(e);
            setPhotos('failed');
          },
        );
      }
    } finally {
      setSending(false);
    }
  };

  const submit = async (body: SubmitRequestBody) => {
    const at = body.location;
    if (!held && at?.lat !== undefined && at?.long !== undefined) {
      const nearby = await api
        .get<NearbyRequests>(
          'cases',
          `/api/v1/requests/nearby?service=${encodeURIComponent(code)}&lat=${at.lat}&long=${at.long}`,
        )
        // Not knowing what is nearby must not stop a report.
        .catch(() => null);
      if (nearby && nearby.count > 0) return setHeld({ body, nearby });
    }
    await send(body);
  };

  if (accepted)
    return (
      <section aria-labelledby="done">
        <h1 id="done" tabIndex={-1} ref={thanks}>
          {t('report.thanks')}
        </h1>
        <p className="reference-line">
          {t('report.yourReference')} <strong className="reference">{accepted.reference}</strong>
        </p>
        <p>{t(accepted.email ? 'report.confirmationEmail' : 'report.keepReference')}</p>
        {photos !== 'none' ? (
          <p role="status" className={photos === 'failed' ? 'notice notice-warn' : undefined}>
            {t(`report.photos.${photos}`, { count: files.length })}
          </p>
        ) : null}
        <ErrorNotice error={photoError} quiet />
        <p>
          <Link to={`/track/${accepted.reference}`} state={{ email: accepted.email, phone: accepted.phone }}>
            {t('report.follow')}
          </Link>
        </p>
      </section>
    );
  return (
    <>
      <h1>{name}</h1>
      {definition.isPending ? <Loading /> : null}
      <ErrorNotice error={definition.error} quiet />
      {held ? (
        <AlreadyReported
          nearby={held.nearby.requests}
          sending={sending}
          sendError={sendError}
          onSendAnyway={() => void send(held.body).catch(setSendError)}
          onSignIn={() => {
            sessionStorage.setItem(HELD, JSON.stringify({ code, ...held }));
            signIn(`/report/${code}`);
          }}
        />
      ) : null}
      {definition.data ? (
        <>
          <p>{localized(definition.data.service.description, i18n.language)}</p>
          {mustSignIn ? (
            <div className="notice notice-warn">
              <p>{t('report.signInFirst')}</p>
              <Button onPress={() => signIn(`/report/${code}`)}>{t('auth.signIn')}</Button>
            </div>
          ) : (
            <>
              <FileField
                label={t('report.photos.label', { count: MAX_FILES })}
                hint={t('report.photos.hint', { mb: megabytes(config.documentMaxBytes) })}
                files={files}
                onChange={setFiles}
              />
              <RequestForm
                service={definition.data.service}
                channel="web"
                defaultCountry={config.defaultCountry}
                initial={{
                  language: i18n.language,
                  // Signed in: who they are is known (the gateway takes it from their token anyway).
                  ...(citizen
                    ? { firstName: citizen.firstName, lastName: citizen.lastName, email: citizen.email ?? '' }
                    : {}),
                }}
                submitLabel={t('report.submit')}
                onSubmit={submit}
                mapTiles={config.mapTiles}
                mapCentre={config.mapCentre}
              />
            </>
          )}
        </>
      ) : null}
    </>
  );
}
