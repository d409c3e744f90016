import {
  catalogueServicePublishedV1,
  serviceDefinitionSchema,
  type ServiceDefinition,
  type SubmitRequestBody,
} from '@city/contracts';
import {
  checkAttribute,
  CONTACT_NEEDED,
  describeLimits,
  signInNeeded,
  validateSubmission,
} from './validate-submission';

const service: ServiceDefinition = serviceDefinitionSchema.parse({
  ...catalogueServicePublishedV1.example.payload,
  channels: ['web', 'phone', 'counter'],
  attributes: [
    ...catalogueServicePublishedV1.example.payload.attributes,
    { code: 'width-cm', datatype: 'number', order: 2, description: { en: 'Width' }, min: 1, max: 1000 },
    { code: 'seen-at', datatype: 'datetime', order: 3, description: { en: 'When' } },
    {
      code: 'hazards',
      datatype: 'multivaluelist',
      order: 4,
      description: { en: 'Hazards' },
      values: [
        { key: 'traffic', name: { en: 'Traffic' } },
        { key: 'cyclists', name: { en: 'Cyclists' } },
      ],
    },
    { code: 'notes', datatype: 'string', order: 5, description: { en: 'Notes' }, maxLength: 10 },
  ],
});
const opts = { defaultCountry: 'GB' };
const base: SubmitRequestBody = {
  serviceCode: 'pothole',
  attributes: { depth: 'deep' },
  location: { lat: 51.5, long: -0.12 },
  contact: { email: 'Anna@Example.org' },
};

describe('validateSubmission: one rule book for every channel', () => {
  it('accepts a complete request and normalises it', () => {
    const r = validateSubmission(
      service,
      { ...base, attributes: { depth: 'deep', 'width-cm': '30', hazards: 'traffic' } },
      'web',
      opts,
    );
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({
        attributes: { depth: 'deep', 'width-cm': 30, hazards: ['traffic'] },
        contact: expect.objectContaining({ email: 'anna@example.org' }),
        preferredChannel: 'email',
        language: 'en',
        service: expect.objectContaining({ code: 'pothole', lgslId: 557 }),
      }),
    });
  });

  it.each([
    ['unknown service', undefined, base, 'serviceCode', 'unknown service "pothole"'],
    ['missing required attribute', service, { ...base, attributes: {} }, 'attributes.depth', 'required'],
    [
      'value not in the list',
      service,
      { ...base, attributes: { depth: 'bottomless' } },
      'attributes.depth',
      '"bottomless" is not one of: shallow, deep',
    ],
    [
      'number out of range',
      service,
      { ...base, attributes: { depth: 'deep', 'width-cm': 5000 } },
      'attributes.width-cm',
      'must be at most 1000',
    ],
    [
      'not a number',
      service,
      { ...base, attributes: { depth: 'deep', 'width-cm': 'wide' } },
      'attributes.width-cm',
      'must be a number',
    ],
    [
      'bad date',
      service,
      { ...base, attributes: { depth: 'deep', 'seen-at': 'yesterday' } },
      'attributes.seen-at',
      'must be an ISO 8601 date or date-time',
    ],
    [
      'multi value not in list',
      service,
      { ...base, attributes: { depth: 'deep', hazards: ['traffic', 'ufo'] } },
      'attributes.hazards',
      '"ufo" not among: traffic, cyclists',
    ],
    [
      'string too long',
      service,
      { ...base, attributes: { depth: 'deep', notes: 'x'.repeat(11) } },
      'attributes.notes',
      'must be at most 10 characters',
    ],
    [
      'unknown attribute',
      service,
      { ...base, attributes: { depth: 'deep', colour: 'red' } },
      'attributes.colour',
      'not an attribute of pothole',
    ],
    [
      'location missing where required',
      service,
      { ...base, location: undefined },
      'location',
      expect.stringContaining('required for pothole'),
    ],
    [
      'bad phone',
      service,
      { ...base, contact: { phone: '12' }, preferredChannel: 'sms' as const },
      'contact.phone',
      'not a valid phone number',
    ],
    [
      'email updates without email',
      service,
      { ...base, contact: undefined, preferredChannel: 'email' as const },
      'contact.email',
      'required to send updates by email',
    ],
  ])('%s is refused with the field and the reason', (_name, svc, input, field, reason) => {
    const r = validateSubmission(svc, input as SubmitRequestBody, 'web', opts);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual(expect.arrayContaining([{ field, reason }]));
  });

  it('a service not offered on a channel is refused on that channel only', () => {
    expect(validateSubmission(service, base, 'kiosk', opts)).toEqual({
      ok: false,
      errors: [{ field: 'serviceCode', reason: '"pothole" is not offered on the kiosk channel' }],
    });
    expect(validateSubmission(service, base, 'counter', opts).ok).toBe(true);
  });

  it('the same request gets the same verdict on every channel that offers the service', () => {
    const bad = { ...base, attributes: { depth: 'bottomless' } };
    const verdicts = (['web', 'phone', 'counter'] as const).map((ch) =>
      JSON.stringify(validateSubmission(service, bad, ch, opts)),
    );
    expect(new Set(verdicts).size).toBe(1);
  });

  it('phone numbers are normalised to E.164 and chosen for updates when there is no email', () => {
    const r = validateSubmission(service, { ...base, contact: { phone: '07700 900123' } }, 'phone', opts);
    expect(r.ok && r.value.contact?.phone).toBe('+447700900123');
    expect(r.ok && r.value.preferredChannel).toBe('sms');
  });
});

describe('who may ask: the catalogue says whether a service needs a contact or a sign-in', () => {
  const permit = (identity?: 'anonymous' | 'contact' | 'signed-in', interaction?: string) =>
    serviceDefinitionSchema.parse({
      ...catalogueServicePublishedV1.example.payload,
      code: 'parking-permit',
      channels: ['web', 'phone', 'kiosk', 'counter'],
      locationRequired: false,
      ...(identity ? { identity } : {}),
      ...(interaction ? { interaction } : {}),
    });
  const noContact: SubmitRequestBody = { ...base, serviceCode: 'parking-permit', contact: undefined };

  it('an anonymous service takes a request with no contact at all', () => {
    expect(validateSubmission(permit('anonymous'), noContact, 'web', opts).ok).toBe(true);
  });

  it.each(['web', 'phone', 'kiosk', 'counter'] as const)(
    'a contact or signed-in service without an email or a phone is refused at contact (%s)',
    (channel) => {
      for (const identity of ['contact', 'signed-in'] as const) {
        const names = { ...noContact, contact: { firstName: 'Anna', lastName: 'de Vries' } };
        for (const input of [noContact, names])
          expect(validateSubmission(permit(identity), input, channel, opts)).toEqual({
            ok: false,
            errors: [{ field: 'contact', reason: CONTACT_NEEDED }],
          });
      }
    },
  );

  it('either an email or a phone number is enough', () => {
    for (const contact of [{ email: 'anna@example.org' }, { phone: '07700 900123' }])
      expect(validateSubmission(permit('contact'), { ...noContact, contact }, 'web', opts).ok).toBe(true);
  });

  it('a phone number that is not one is refused at the phone, not twice', () => {
    const r = validateSubmission(permit('contact'), { ...noContact, contact: { phone: '123' } }, 'web', opts);
    expect(!r.ok && r.errors).toEqual([{ field: 'contact.phone', reason: 'not a valid phone number' }]);
  });

  it('without its own rule, an application needs a contact and anything else may be anonymous', () => {
    expect(validateSubmission(permit(undefined, 'applications-for-service'), noContact, 'web', opts)).toEqual(
      {
        ok: false,
        errors: [{ field: 'contact', reason: CONTACT_NEEDED }],
      },
    );
    for (const interaction of ['reporting', 'providing-information', 'paying-for-goods-and-services'])
      expect(validateSubmission(permit(undefined, interaction), noContact, 'web', opts).ok).toBe(true);
    // A rule of its own wins over the interaction's.
    expect(
      validateSubmission(permit('anonymous', 'applications-for-service'), noContact, 'web', opts).ok,
    ).toBe(true);
  });

  it('a sign-in is needed on the web only, and only for a signed-in service', () => {
    expect(signInNeeded(permit('signed-in'), 'web')).toBe(true);
    for (const channel of ['phone', 'kiosk', 'counter'] as const)
      expect(signInNeeded(permit('signed-in'), channel)).toBe(false);
    expect(signInNeeded(permit('contact'), 'web')).toBe(false);
    expect(signInNeeded(permit(undefined, 'applications-for-service'), 'web')).toBe(false);
  });
});

describe('the limits an attribute is held to, in words (Open311 datatype_description)', () => {
  const attr = (a: Record<string, unknown>) =>
    ({ code: 'x', required: false, order: 1, description: { en: 'X' }, ...a }) as never;
  it('says what the check refuses, for each datatype', () => {
    expect(describeLimits(attr({ datatype: 'string', maxLength: 10 }))).toBe(
      'Text of at most 10 characters.',
    );
    expect(describeLimits(attr({ datatype: 'text' }))).toBe('Text of at most 4000 characters.');
    expect(describeLimits(attr({ datatype: 'number', min: 1, max: 5 }))).toBe('A number from 1 to 5.');
    expect(describeLimits(attr({ datatype: 'number', min: 0 }))).toBe('A number of at least 0.');
    expect(describeLimits(attr({ datatype: 'datetime' }))).toMatch(/^A date/);
    expect(describeLimits(attr({ datatype: 'singlevaluelist', values: [] }))).toMatch(/^One of the listed/);
  });

  it('names the very limit the check enforces', () => {
    const registration = attr({ datatype: 'string', maxLength: 10 });
    expect(describeLimits(registration)).toContain('10');
    expect(checkAttribute(registration, 'AB-123-CDEF')).toEqual({ reason: 'must be at most 10 characters' });
  });
});
