import i18next from 'i18next';
import type { ServiceDefinition } from '@city/contracts';
import { reasonText } from './reasons';
import { checkRequest, emptyValues, formFieldOf, toRequestBody } from './request-body';
import { requestFormTexts } from './texts';

/** A missed bin as the catalogue defines it (catalogue/services/missed-bin.yaml, in short). */
const missedBin = {
  code: 'missed-bin',
  version: 3,
  active: true,
  lgslId: 524,
  lgilId: 17,
  interaction: 'reporting',
  group: 'Bins and recycling',
  keywords: [],
  name: { en: 'Missed bin collection' },
  description: { en: 'Tell us your bin was not collected.' },
  locationRequired: true,
  channels: ['web', 'phone', 'counter'],
  attributes: [
    {
      code: 'bin-type',
      datatype: 'singlevaluelist',
      required: true,
      order: 1,
      description: { en: 'Which bin was missed?' },
      values: [
        { key: 'general', name: { en: 'General waste' } },
        { key: 'garden', name: { en: 'Garden waste' } },
      ],
    },
    {
      code: 'bags',
      datatype: 'number',
      required: false,
      order: 2,
      description: { en: 'Bags' },
      min: 1,
      max: 5,
    },
  ],
  sla: { resolution: { value: 2, unit: 'working-days' }, promise: { en: 'Within 2 working days.' } },
  defaultQueue: 'waste',
} as unknown as ServiceDefinition;

describe('the request form, held to the gateway’s rules', () => {
  it('builds the body the gateway takes: blanks left out, numbers as numbers, place and contact', () => {
    const body = toRequestBody(
      missedBin,
      emptyValues({
        attributes: { 'bin-type': 'garden', bags: '2' },
        address: ' Coolsingel 40 ',
        email: 'sam@example.org',
        phone: '',
      }),
    );
    expect(body).toEqual({
      serviceCode: 'missed-bin',
      attributes: { 'bin-type': 'garden', bags: 2 },
      location: { address: 'Coolsingel 40' },
      contact: { email: 'sam@example.org' },
    });
    expect(checkRequest(missedBin, body, 'phone', 'NL')).toEqual([]);
  });

  it('refuses what the gateway refuses, each at its field', () => {
    const errors = checkRequest(
      missedBin,
      toRequestBody(
        missedBin,
        emptyValues({ attributes: { bags: '9' }, phone: '12', preferredChannel: 'sms' }),
      ),
      'phone',
      'NL',
    );
    expect(errors.map((e) => [e.field, formFieldOf(e.field)])).toEqual([
      ['contact.phone', 'phone'],
      ['attributes.bin-type', 'attributes.bin-type'],
      ['attributes.bags', 'attributes.bags'],
      ['location', 'address'],
    ]);
    expect(checkRequest(missedBin, toRequestBody(missedBin, emptyValues()), 'kiosk', 'NL')).toEqual([
      { field: 'serviceCode', reason: '"missed-bin" is not offered on the kiosk channel' },
    ]);
  });

  it('asks for an email or a phone where the service must reach the person, in their language', async () => {
    const permit = { ...missedBin, code: 'parking-permit', identity: 'signed-in' } as ServiceDefinition;
    const values = emptyValues({ attributes: { 'bin-type': 'garden' }, address: 'Coolsingel 40' });
    const errors = checkRequest(permit, toRequestBody(permit, { ...values, firstName: 'Anna' }), 'web', 'NL');
    expect(errors).toEqual([
      { field: 'contact', reason: 'this service needs an email or a phone number to reach you' },
    ]);
    expect(formFieldOf(errors[0].field)).toBe('email');
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: 'nl',
      resources: Object.fromEntries(
        Object.entries(requestFormTexts).map(([l, texts]) => [l, { translation: texts }]),
      ),
    });
    for (const [lng, text] of [
      ['en', 'This service needs an email address or a phone number, so the city can reach you.'],
      [
        'nl',
        'Voor deze dienst is een e-mailadres of telefoonnummer nodig, zodat de gemeente u kan bereiken.',
      ],
      ['sv', 'Den här tjänsten behöver en e-postadress eller ett telefonnummer, så att kommunen kan nå dig.'],
    ]) {
      await i18n.changeLanguage(lng);
      expect(reasonText(i18n.t, errors[0].reason)).toBe(text);
    }
    // With either, the same form goes.
    expect(
      checkRequest(permit, toRequestBody(permit, { ...values, phone: '06 12345678' }), 'web', 'NL'),
    ).toEqual([]);
  });
});
