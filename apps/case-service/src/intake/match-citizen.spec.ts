import { chooseCitizen, identitiesOf, matchCitizen, vouchedFor, type Holding } from './match-citizen';

describe('citizen matching', () => {
  it('identifies by email (lower-cased) and phone', () => {
    expect(
      identitiesOf({
        firstName: 'A',
        lastName: null,
        email: ' Anna@Example.org ',
        phone: '+447700900123',
        address: null,
      }),
    ).toEqual([
      { kind: 'email', value: 'anna@example.org' },
      { kind: 'phone', value: '+447700900123' },
    ]);
    expect(identitiesOf(null)).toEqual([]);
  });

  it('an email match wins over a phone match', () => {
    expect(
      chooseCitizen([
        { kind: 'phone', partyId: 'p-phone', mergedInto: null },
        { kind: 'email', partyId: 'p-mail', mergedInto: null },
      ]),
    ).toBe('p-mail');
  });

  it('a merged record leads to the record it was merged into', () => {
    expect(chooseCitizen([{ kind: 'phone', partyId: 'old', mergedInto: 'survivor' }])).toBe('survivor');
  });

  it('no match: a new citizen', () => {
    expect(chooseCitizen([])).toBeNull();
  });
});

describe('who may add a contact to an existing citizen', () => {
  const email = { kind: 'email' as const, value: 'maria@example.org' };
  const phone = { kind: 'phone' as const, value: '+447700900123' };
  const senderPhone = { kind: 'phone' as const, value: '+447700900999' };
  const own = (
    id: typeof email | typeof phone,
    partyId: string,
    mergedInto: string | null = null,
  ): Holding => ({ ...id, partyId, mergedInto, heldApart: false });
  const copy = (id: typeof email | typeof phone, partyId: string): Holding => ({
    ...id,
    partyId,
    mergedInto: null,
    heldApart: true,
  });

  it('only staff who took the contacts vouch for them: a phone agent and a counter clerk, no web, kiosk or Open311 client', () => {
    expect(
      vouchedFor({ kind: 'agent-assisted', agentId: 'agent-17', callId: 'c-1', callerNumber: null }),
    ).toBe(true);
    expect(
      vouchedFor({ kind: 'counter', clerkId: 'clerk-9', office: 'Town Hall', counter: '4', ticket: null }),
    ).toBe(true);
    expect(vouchedFor({ kind: 'portal', userAgent: null })).toBe(false);
    expect(
      vouchedFor({
        kind: 'kiosk',
        deviceId: 'k1',
        location: 'Library',
        batchId: null,
        capturedOffline: false,
      }),
    ).toBe(false);
    expect(vouchedFor({ kind: 'open311', clientId: 'app', clientName: 'App', deviceId: null })).toBe(false);
  });

  it('nothing known: a new citizen', () => {
    expect(matchCitizen([email, phone], [], false)).toEqual({ kind: 'new' });
  });

  it('contacts the citizen already holds are a match, on any channel', () => {
    expect(matchCitizen([email, phone], [own(email, 'v'), own(phone, 'v')], false)).toEqual({
      kind: 'existing',
      partyId: 'v',
      add: [],
    });
    expect(matchCitizen([email], [own(email, 'v')], false)).toEqual({
      kind: 'existing',
      partyId: 'v',
      add: [],
    });
  });

  it("an anonymous request with the citizen's email and a phone nobody holds is kept apart: a new record owning the phone, with a copy of the email", () => {
    expect(matchCitizen([email, senderPhone], [own(email, 'v')], false)).toEqual({
      kind: 'held-apart',
      possibleMatchOf: 'v',
      own: [senderPhone],
      copies: [email],
    });
    // Matched by phone, an email nobody holds: the same.
    expect(matchCitizen([email, phone], [own(phone, 'v')], false)).toEqual({
      kind: 'held-apart',
      possibleMatchOf: 'v',
      own: [email],
      copies: [phone],
    });
  });

  it('the record kept apart is marked against the survivor of a merge', () => {
    expect(matchCitizen([email, senderPhone], [own(email, 'old', 'survivor')], false)).toEqual({
      kind: 'held-apart',
      possibleMatchOf: 'survivor',
      own: [senderPhone],
      copies: [email],
    });
  });

  it('a staff-taken contact joins the citizen as before', () => {
    expect(matchCitizen([email, senderPhone], [own(email, 'v')], true)).toEqual({
      kind: 'existing',
      partyId: 'v',
      add: [senderPhone],
    });
  });

  it('a contact on another record stays there; the email still wins (nothing is added)', () => {
    expect(matchCitizen([email, senderPhone], [own(email, 'v'), own(senderPhone, 'w')], false)).toEqual({
      kind: 'existing',
      partyId: 'v',
      add: [],
    });
  });

  it('the established record wins for its own contact over a record holding a copy of it', () => {
    expect(matchCitizen([email], [copy(email, 'held'), own(email, 'v')], false)).toEqual({
      kind: 'existing',
      partyId: 'v',
      add: [],
    });
  });

  it('a held-apart record that holds every contact given is found again, rather than a new one each time', () => {
    const known = [own(email, 'v'), copy(email, 'held'), own(senderPhone, 'held')];
    expect(matchCitizen([email, senderPhone], known, false)).toEqual({
      kind: 'existing',
      partyId: 'held',
      add: [],
    });
    expect(matchCitizen([senderPhone], known, false)).toEqual({ kind: 'existing', partyId: 'held', add: [] });
  });
});
