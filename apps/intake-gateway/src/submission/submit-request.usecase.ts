import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  createEnvelope,
  requestReceivedV1,
  type AcceptedResponse,
  type Channel,
  type ChannelDetails,
  type FieldError,
  type RequestReceivedV1,
  type SubmitRequestBody,
} from '@city/contracts';
import {
  eventIdFromKey,
  referenceFromKey,
  signInNeeded,
  validateSubmission,
  type ValidatedSubmission,
} from '@city/domain-intake';
import { APP_CONFIG, CityProfiles } from '@city/platform-config';
import type { GatewayConfig } from '../config';
import { IdempotencyStore, type BeginResult } from './idempotency.store';
import { RequestPublisher } from './request-publisher';
import { ServiceCatalogue } from './service-catalogue';

/** A citizen signed in through the identity provider, as their verified token says. */
export interface SignedInCitizen {
  /** Verified email only; null when the provider has not verified one. */
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

/** Why a `signed-in` service is refused on the web without a sign-in. */
export const SIGN_IN_NEEDED = 'sign in to request this service';

export interface SubmissionContext {
  /** The city the request is for (the caller's: docs/multi-tenancy.md); one the gateway serves. */
  city: string;
  channel: Channel;
  channelDetails: ChannelDetails;
  /**
   * The client's idempotency key, already scoped to its source (e.g. `kiosk:<device>:<key>`);
   * null makes the gateway mint one (phone and counter, where a person is there to retry).
   */
  idempotencyKey: string | null;
  /** When the citizen made the request, if earlier than now (an offline kiosk). */
  submittedAt?: Date;
  /**
   * The citizen signed in on the web (the portal sends their token): their verified email and name
   * are the request's contact, whatever the body says, so the case lands on their record. A
   * `signed-in` service on the web is refused without one.
   */
  citizen?: SignedInCitizen | null;
  correlationId: string;
}

export type SubmissionOutcome =
  | { ok: true; response: AcceptedResponse; eventId: string }
  | { ok: false; status: 400 | 401 | 403 | 409 | 422; message: string; errors: FieldError[] }
  | { ok: false; status: 503; message: string; retryAfterSeconds: number };

/** The body with the signed-in citizen's verified email and name as its contact (the rest as sent). */
function asSignedIn(
  input: SubmitRequestBody,
  citizen: SignedInCitizen | null | undefined,
): SubmitRequestBody {
  if (!citizen) return input;
  const known = {
    ...(citizen.email ? { email: citizen.email } : {}),
    ...(citizen.firstName ? { firstName: citizen.firstName.slice(0, 100) } : {}),
    ...(citizen.lastName ? { lastName: citizen.lastName.slice(0, 100) } : {}),
  };
  return Object.keys(known).length ? { ...input, contact: { ...input.contact, ...known } } : input;
}

const fingerprint = (v: ValidatedSubmission, channel: Channel): string =>
  createHash('sha256')
    .update(JSON.stringify([channel, v]))
    .digest('hex');

/**
 * The one path of every channel: check against the catalogue, derive the reference, publish
 * RequestReceived and wait for acks=all. Nothing is acknowledged that Kafka did not acknowledge.
 */
@Injectable()
export class SubmitRequestUseCase {
  constructor(
    @Inject(APP_CONFIG)
    private readonly config: Pick<GatewayConfig, 'DEFAULT_COUNTRY' | 'PUBLIC_TRACK_URL'>,
    private readonly catalogue: ServiceCatalogue,
    private readonly publisher: RequestPublisher,
    private readonly idempotency: IdempotencyStore,
    private readonly profiles: CityProfiles,
  ) {}

  private trackBase(city: string): string {
    const portal = this.profiles.of(city).portalUrl;
    return portal ? `${portal}/track` : this.config.PUBLIC_TRACK_URL;
  }

  async submit(input: SubmitRequestBody, ctx: SubmissionContext): Promise<SubmissionOutcome> {
    if (!this.catalogue.ready) {
      return {
        ok: false,
        status: 503,
        message: 'The service catalogue is still loading; try again shortly.',
        retryAfterSeconds: 2,
      };
    }
    const tenantId = ctx.city;
    const service = this.catalogue.get(input.serviceCode, tenantId);
    // A permit or a benefit is given to a person the city knows: on the web, one signed in.
    if (service?.active && service.channels.includes(ctx.channel) && signInNeeded(service, ctx.channel)) {
      if (!ctx.citizen)
        return {
          ok: false,
          status: 401,
          message: 'Sign in to request this service: the city gives it only to a person it knows.',
          errors: [{ field: 'Authorization', reason: SIGN_IN_NEEDED }],
        };
      if (!ctx.citizen.email)
        return {
          ok: false,
          status: 403,
          message:
            'Your sign-in has no verified email; verify it with the identity provider, then try again.',
          errors: [{ field: 'Authorization', reason: 'the sign-in has no verified email' }],
        };
    }
    const checked = validateSubmission(service, asSignedIn(input, ctx.citizen), ctx.channel, {
      defaultCountry: this.profiles.of(tenantId).country ?? this.config.DEFAULT_COUNTRY,
    });
    if (!checked.ok)
      return {
        ok: false,
        status: 400,
        message: 'The request is not valid; see errors.',
        errors: checked.errors,
      };

    const key = ctx.idempotencyKey ?? `${ctx.channel}:${randomUUID()}`;
    const print = fingerprint(checked.value, ctx.channel);
    // A key the gateway just made cannot have been seen before: no need to ask Redis.
    const begun: BeginResult = ctx.idempotencyKey
      ? await this.idempotency.begin(tenantId, key)
      : { state: 'new' };
    if (begun.state === 'pending') {
      return {
        ok: false,
        status: 409,
        message: 'A request with this idempotency key is being submitted; retry in a moment.',
        errors: [{ field: 'idempotencyKey', reason: 'in progress' }],
      };
    }
    if (begun.state === 'done') {
      if (begun.record.fingerprint !== print) {
        return {
          ok: false,
          status: 422,
          message: 'This idempotency key was used for a different request.',
          errors: [{ field: 'idempotencyKey', reason: 'already used for a different request' }],
        };
      }
      return {
        ok: true,
        eventId: eventIdFromKey(tenantId, key),
        response: this.accepted(
          tenantId,
          begun.record.reference,
          begun.record.serviceCode,
          begun.record.receivedAt,
          true,
        ),
      };
    }

    const now = new Date();
    const reference = referenceFromKey(tenantId, key);
    const event: RequestReceivedV1 = createEnvelope(requestReceivedV1, {
      eventId: eventIdFromKey(tenantId, key),
      tenantId,
      correlationId: ctx.correlationId,
      occurredAt: now,
      payload: {
        reference,
        idempotencyKey: key,
        ...checked.value,
        channel: ctx.channel,
        channelDetails: ctx.channelDetails,
        submittedAt: (ctx.submittedAt ?? now).toISOString(),
        receivedAt: now.toISOString(),
      },
    });
    try {
      await this.publisher.publish(`${tenantId}:${key}`, event);
    } catch {
      if (begun.state === 'new') await this.idempotency.abandon(tenantId, key);
      return {
        ok: false,
        status: 503,
        message: 'We could not record your request just now; nothing was submitted. Please try again.',
        retryAfterSeconds: 5,
      };
    }
    const receivedAt = now.toISOString();
    if (begun.state === 'new') {
      await this.idempotency.complete(tenantId, key, event.eventId, {
        fingerprint: print,
        reference,
        serviceCode: input.serviceCode,
        receivedAt,
      });
    }
    return {
      ok: true,
      eventId: event.eventId,
      response: this.accepted(tenantId, reference, input.serviceCode, receivedAt, false),
    };
  }

  private accepted(
    tenantId: string,
    reference: string,
    serviceCode: string,
    receivedAt: string,
    duplicate: boolean,
  ): AcceptedResponse {
    return {
      reference,
      status: 'accepted',
      duplicate,
      serviceCode,
      receivedAt,
      // The city's own portal, where it has one; else the deployment's.
      trackUrl: `${this.trackBase(tenantId)}/${reference}`,
    };
  }
}
