import type { FastifyRequest } from 'fastify';
import { loadGatewayConfig } from '../config';
import { contactTargets, open311Contact, webContact } from './rate-limit-targets';

/** The repository's cities: the demo city (no country: the deployment's) and Göteborg (other-city, SE). */
const config = loadGatewayConfig({ CITIES: 'default,other-city', DEFAULT_COUNTRY: 'NL' });
const request = (r: { body?: unknown; headers?: Record<string, string>; query?: Record<string, string> }) =>
  ({ headers: {}, query: {}, ...r }) as unknown as FastifyRequest;

describe('the contact a submission is limited by', () => {
  it('is one target however the address is written: the email in lower case, the phone in E.164', () => {
    expect(contactTargets(' Anna@Example.org ', '06 1234 5678', 'NL')).toEqual([
      'email:anna@example.org',
      'phone:+31612345678',
    ]);
    expect(contactTargets(undefined, '+31 6 12345678', 'NL')).toEqual(['phone:+31612345678']);
    expect(contactTargets(undefined, 'not a number', 'NL')).toEqual(['phone:']);
  });

  it("reads a phone number in the country of the city the request is for, as that city's validation does", () => {
    const local = { contact: { phone: '070-123 45 67' } };
    // Göteborg's portal names its city: the Swedish mobile number +46701234567, whichever way it is written.
    expect(webContact.of(request({ body: local, headers: { 'x-city': 'other-city' } }), config)).toEqual([
      'phone:+46701234567',
    ]);
    expect(
      webContact.of(
        request({ body: { contact: { phone: '+46 70 123 45 67' } }, headers: { 'x-city': 'other-city' } }),
        config,
      ),
    ).toEqual(['phone:+46701234567']);
    // The demo city has no country of its own: the deployment's (NL, where 070 is The Hague).
    expect(webContact.of(request({ body: local, headers: { 'x-city': 'default' } }), config)).toEqual([
      'phone:+31701234567',
    ]);
    // Open311 names the city by its jurisdiction, in the form or the query.
    expect(
      open311Contact.of(
        request({ body: { phone: '070-123 45 67', jurisdiction_id: 'goteborg.example' } }),
        config,
      ),
    ).toEqual(['phone:+46701234567']);
    expect(
      open311Contact.of(
        request({ body: { phone: '070-123 45 67' }, query: { jurisdiction_id: 'goteborg.example' } }),
        config,
      ),
    ).toEqual(['phone:+46701234567']);
  });
});
