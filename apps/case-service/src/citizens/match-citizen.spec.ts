import { chooseCitizen, identitiesOf } from './match-citizen';

describe('citizen matching', () => {
  it('identifies by email (lower-cased) and phone', () => {
    expect(identitiesOf({ firstName: 'A', lastName: null, email: ' Anna@Example.org ', phone: '+447700900123', address: null })).toEqual([
      { kind: 'email', value: 'anna@example.org' },
      { kind: 'phone', value: '+447700900123' },
    ]);
    expect(identitiesOf(null)).toEqual([]);
  });

  it('an email match wins over a phone match', () => {
    expect(chooseCitizen([{ kind: 'phone', partyId: 'p-phone', mergedInto: null }, { kind: 'email', partyId: 'p-mail', mergedInto: null }])).toBe('p-mail');
  });

  it('a merged record leads to the record it was merged into', () => {
    expect(chooseCitizen([{ kind: 'phone', partyId: 'old', mergedInto: 'survivor' }])).toBe('survivor');
  });

  it('no match: a new citizen', () => {
    expect(chooseCitizen([])).toBeNull();
  });
});
