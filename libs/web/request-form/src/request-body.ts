import {
  submitRequestBodySchema,
  type Channel,
  type FieldError,
  type ServiceDefinition,
  type SubmitRequestBody,
} from '@city/contracts';
import { validateSubmission } from '@city/domain-intake';

/** What the person typed, one string (or list) per field, before it becomes a request body. */
export interface RequestFormValues {
  description: string;
  attributes: Record<string, string | string[]>;
  address: string;
  lat: string;
  long: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  contactAddress: string;
  preferredChannel: string;
  language: string;
}

export const emptyValues = (initial: Partial<RequestFormValues> = {}): RequestFormValues => ({
  description: '',
  attributes: {},
  address: '',
  lat: '',
  long: '',
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  contactAddress: '',
  preferredChannel: '',
  language: '',
  ...initial,
});

const present = (s: string) => s.trim() !== '';

/** The request body the gateway takes, built from the form: blank fields are left out, numbers are numbers. */
export function toRequestBody(service: ServiceDefinition, v: RequestFormValues): SubmitRequestBody {
  const attributes: SubmitRequestBody['attributes'] = {};
  for (const a of service.attributes) {
    const raw = v.attributes[a.code];
    if (raw === undefined || (Array.isArray(raw) ? raw.length === 0 : !present(raw))) continue;
    attributes[a.code] =
      a.datatype === 'number' && typeof raw === 'string' && Number.isFinite(Number(raw.replace(',', '.')))
        ? Number(raw.replace(',', '.'))
        : raw;
  }
  const location: NonNullable<SubmitRequestBody['location']> = {};
  if (present(v.address)) location.address = v.address.trim();
  if (present(v.lat) || present(v.long)) {
    location.lat = Number(v.lat.replace(',', '.'));
    location.long = Number(v.long.replace(',', '.'));
  }
  const contact: NonNullable<SubmitRequestBody['contact']> = {};
  if (present(v.firstName)) contact.firstName = v.firstName.trim();
  if (present(v.lastName)) contact.lastName = v.lastName.trim();
  if (present(v.email)) contact.email = v.email.trim();
  if (present(v.phone)) contact.phone = v.phone.trim();
  if (present(v.contactAddress)) contact.address = v.contactAddress.trim();
  return {
    serviceCode: service.code,
    attributes,
    ...(present(v.description) ? { description: v.description.trim() } : {}),
    ...(Object.keys(location).length ? { location } : {}),
    ...(Object.keys(contact).length ? { contact } : {}),
    ...(v.preferredChannel
      ? { preferredChannel: v.preferredChannel as SubmitRequestBody['preferredChannel'] }
      : {}),
    ...(v.language ? { language: v.language as SubmitRequestBody['language'] } : {}),
  };
}

/**
 * The gateway's own rules, run before sending: the body's schema, then the service's definition
 * (required attributes, allowed values, limits, location, the contact that updates need). The
 * gateway checks again; this only saves the person a round trip.
 */
export function checkRequest(
  service: ServiceDefinition,
  body: SubmitRequestBody,
  channel: Channel,
  defaultCountry: string,
): FieldError[] {
  // Both at once, so every field at fault shows on the first try (the shape's reason first).
  const shape = submitRequestBodySchema.safeParse(body);
  const fromShape = shape.success
    ? []
    : shape.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', reason: i.message }));
  const rules = validateSubmission(service, shape.success ? shape.data : body, channel, { defaultCountry });
  const fromRules = rules.ok ? [] : rules.errors.filter((e) => !fromShape.some((f) => f.field === e.field));
  return [...fromShape, ...fromRules];
}

/** The form field a service's error names (`contact.email` is the email field). */
export function formFieldOf(field: string): keyof RequestFormValues | `attributes.${string}` | null {
  if (field.startsWith('attributes.')) return field as `attributes.${string}`;
  const map: Record<string, keyof RequestFormValues> = {
    description: 'description',
    location: 'address',
    'location.address': 'address',
    'location.lat': 'lat',
    'location.long': 'long',
    // A service that must reach the person and got neither an email nor a phone: said at the email.
    contact: 'email',
    'contact.firstName': 'firstName',
    'contact.lastName': 'lastName',
    'contact.email': 'email',
    'contact.phone': 'phone',
    'contact.address': 'contactAddress',
    preferredChannel: 'preferredChannel',
    language: 'language',
  };
  return map[field] ?? null;
}
