import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import {
  identityOf,
  type Channel,
  type FieldError,
  type Language,
  type RequestReceivedV1Payload,
  type ServiceAttribute,
  type ServiceDefinition,
  type SubmitRequestBody,
  type UpdateChannel,
} from '@city/contracts';

/** What the domain makes of a valid submission: the part of RequestReceived that does not depend on the channel. */
export type ValidatedSubmission = Pick<
  RequestReceivedV1Payload,
  | 'service'
  | 'description'
  | 'attributes'
  | 'location'
  | 'contact'
  | 'preferredChannel'
  | 'language'
  | 'mediaUrls'
>;

export type ValidationResult = { ok: true; value: ValidatedSubmission } | { ok: false; errors: FieldError[] };

export interface ValidationOptions {
  /** Country whose national notation phone numbers without a + are read in (ISO 3166 alpha-2). */
  defaultCountry: string;
}

type AttributeInput = SubmitRequestBody['attributes'][string];
type AttributeOutput = RequestReceivedV1Payload['attributes'][string];

const DEFAULT_MAX_LENGTH: Record<string, number> = { string: 200, text: 4000 };

function isBlank(v: AttributeInput | undefined): boolean {
  return (
    v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)
  );
}

/**
 * The limits `checkAttribute` holds an attribute's answers to, in words (English, as Open311's
 * `datatype_description` is): what a client must send for the gateway to accept it.
 */
export function describeLimits(attr: ServiceAttribute): string {
  switch (attr.datatype) {
    case 'string':
    case 'text':
      return `Text of at most ${attr.maxLength ?? DEFAULT_MAX_LENGTH[attr.datatype]} characters.`;
    case 'number':
      return attr.min !== undefined && attr.max !== undefined
        ? `A number from ${attr.min} to ${attr.max}.`
        : attr.min !== undefined
          ? `A number of at least ${attr.min}.`
          : attr.max !== undefined
            ? `A number of at most ${attr.max}.`
            : 'A number.';
    case 'datetime':
      return 'A date, or a date and time, in ISO 8601 (e.g. 2026-12-01 or 2026-12-01T09:30).';
    case 'singlevaluelist':
      return 'One of the listed values (its key).';
    case 'multivaluelist':
      return 'One or more of the listed values (their keys).';
  }
}

/** Checks one attribute value against its definition; returns the normalised value or the reason. */
export function checkAttribute(
  attr: ServiceAttribute,
  value: AttributeInput,
): { value: AttributeOutput } | { reason: string } {
  const keys = (attr.values ?? []).map((v) => v.key);
  switch (attr.datatype) {
    case 'string':
    case 'text': {
      if (typeof value !== 'string') return { reason: 'must be text' };
      const max = attr.maxLength ?? DEFAULT_MAX_LENGTH[attr.datatype];
      if (value.length > max) return { reason: `must be at most ${max} characters` };
      return { value: value.trim() };
    }
    case 'number': {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : NaN;
      if (!Number.isFinite(n)) return { reason: 'must be a number' };
      if (attr.min !== undefined && n < attr.min) return { reason: `must be at least ${attr.min}` };
      if (attr.max !== undefined && n > attr.max) return { reason: `must be at most ${attr.max}` };
      return { value: n };
    }
    case 'datetime': {
      if (
        typeof value !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
      ) {
        return { reason: 'must be an ISO 8601 date or date-time' };
      }
      const t = Date.parse(value);
      if (Number.isNaN(t)) return { reason: 'must be a real date' };
      return { value: new Date(t).toISOString() };
    }
    case 'singlevaluelist': {
      if (typeof value !== 'string') return { reason: 'must be one of the listed values' };
      if (!keys.includes(value)) return { reason: `"${value}" is not one of: ${keys.join(', ')}` };
      return { value };
    }
    case 'multivaluelist': {
      const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : null;
      if (!list) return { reason: 'must be a list of the listed values' };
      const bad = list.filter((v) => !keys.includes(v));
      if (bad.length)
        return { reason: `${bad.map((b) => `"${b}"`).join(', ')} not among: ${keys.join(', ')}` };
      return { value: [...new Set(list)] };
    }
  }
}

/** Normalises a phone number to E.164, or null when it is not a possible number. */
export function normalizePhone(raw: string, defaultCountry: string): string | null {
  const parsed = parsePhoneNumberFromString(raw, defaultCountry as CountryCode);
  return parsed && parsed.isPossible() ? parsed.number : null;
}

/** Why a request of a `contact` or `signed-in` service without an email or a phone number is refused. */
export const CONTACT_NEEDED = 'this service needs an email or a phone number to reach you';

/**
 * Whether the person must be signed in through the identity provider to ask for this service on this
 * channel: a `signed-in` service on the web. Elsewhere staff or the device take the contact.
 */
export const signInNeeded = (service: ServiceDefinition, channel: Channel): boolean =>
  channel === 'web' && identityOf(service) === 'signed-in';

/**
 * The one rule book for every channel: a submission is checked against the service definition,
 * so a pothole reported at a kiosk is held to exactly what it is held to on the web.
 */
export function validateSubmission(
  service: ServiceDefinition | undefined,
  input: SubmitRequestBody,
  channel: Channel,
  options: ValidationOptions,
): ValidationResult {
  if (!service || !service.active) {
    return {
      ok: false,
      errors: [{ field: 'serviceCode', reason: `unknown service "${input.serviceCode}"` }],
    };
  }
  if (!service.channels.includes(channel)) {
    return {
      ok: false,
      errors: [
        { field: 'serviceCode', reason: `"${service.code}" is not offered on the ${channel} channel` },
      ],
    };
  }
  const errors: FieldError[] = [];
  const attributes: Record<string, AttributeOutput> = {};
  const defined = new Map(service.attributes.map((a) => [a.code, a]));

  for (const code of Object.keys(input.attributes)) {
    if (!defined.has(code))
      errors.push({ field: `attributes.${code}`, reason: `not an attribute of ${service.code}` });
  }
  for (const attr of [...service.attributes].sort((a, b) => a.order - b.order)) {
    const value = input.attributes[attr.code];
    if (isBlank(value)) {
      if (attr.required) errors.push({ field: `attributes.${attr.code}`, reason: 'required' });
      continue;
    }
    const checked = checkAttribute(attr, value as AttributeInput);
    if ('reason' in checked) errors.push({ field: `attributes.${attr.code}`, reason: checked.reason });
    else attributes[attr.code] = checked.value;
  }

  const loc = input.location;
  if (service.locationRequired && !loc) {
    errors.push({
      field: 'location',
      reason: `required for ${service.code}: give lat and long, an address or a property id`,
    });
  }

  // A service that must reach the person (an application, a permit) needs a way to: on every channel.
  if (identityOf(service) !== 'anonymous' && !input.contact?.email && !input.contact?.phone) {
    errors.push({ field: 'contact', reason: CONTACT_NEEDED });
  }

  let phone: string | null = null;
  if (input.contact?.phone) {
    phone = normalizePhone(input.contact.phone, options.defaultCountry);
    if (!phone) errors.push({ field: 'contact.phone', reason: 'not a valid phone number' });
  }
  const email = input.contact?.email?.toLowerCase() ?? null;
  const preferredChannel: UpdateChannel = input.preferredChannel ?? (email ? 'email' : phone ? 'sms' : 'web');
  if (preferredChannel === 'email' && !email) {
    errors.push({ field: 'contact.email', reason: 'required to send updates by email' });
  }
  if ((preferredChannel === 'sms' || preferredChannel === 'phone') && !input.contact?.phone) {
    errors.push({ field: 'contact.phone', reason: `required to send updates by ${preferredChannel}` });
  }
  if (preferredChannel === 'post' && !input.contact?.address) {
    errors.push({ field: 'contact.address', reason: 'required to send updates by post' });
  }

  if (errors.length) return { ok: false, errors };

  const c = input.contact;
  const language: Language = input.language ?? 'en';
  return {
    ok: true,
    value: {
      service: {
        code: service.code,
        version: service.version,
        lgslId: service.lgslId,
        interaction: service.interaction,
        defaultQueue: service.defaultQueue,
      },
      description: input.description?.trim() || null,
      attributes,
      location: loc
        ? {
            lat: loc.lat ?? null,
            long: loc.long ?? null,
            address: loc.address ?? null,
            propertyId: loc.propertyId ?? null,
          }
        : null,
      contact: c
        ? {
            firstName: c.firstName ?? null,
            lastName: c.lastName ?? null,
            email,
            phone,
            address: c.address ?? null,
          }
        : null,
      preferredChannel,
      language,
      mediaUrls: input.mediaUrls ?? [],
    },
  };
}
