import { citizenPreferencesSchema } from '@city/contracts';
import { UpdatePreferencesUseCase } from '../../citizens/update-preferences/update-preferences.usecase';
import { recordFixture, ref } from '../../record/record-fixture';
import { CitizenViews } from '../citizen-view/citizen-views';
import { FollowRequestUseCase } from '../follow-request/follow-request.usecase';
import { CitizenPreferencesUseCase } from './citizen-preferences.usecase';

describe('a citizen sees and changes how they hear about their requests', () => {
  const setup = () => {
    const f = recordFixture();
    const survivor = f.record.addCitizen({ language: 'nl', preferredChannel: 'email' });
    const anna = f.record.addCitizen({ mergedInto: survivor.id }, [
      { kind: 'email', value: 'anna@example.org' },
      { kind: 'phone', value: '+447700900123' },
    ]);
    f.record.addCase({ reference: ref('a'), partyId: survivor.id });
    const follow = new FollowRequestUseCase(
      f.record.caseRepository,
      f.record.citizenRepository,
      new CitizenViews(f.record.caseRepository),
      f.tx,
      f.config,
    );
    // Anna's contacts moved to the survivor in the merge; the case's citizen is the survivor.
    for (const cp of f.record.contactPoints) if (cp.partyId === anna.id) cp.partyId = survivor.id;
    const preferences = new CitizenPreferencesUseCase(
      follow,
      f.record.citizenRepository,
      new UpdatePreferencesUseCase(f.tx, f.record.citizenRepository, f.record.interactionRepository),
    );
    return { ...f, survivor, preferences };
  };

  it('by a request and its second factor: reads them, and an opt-out is kept', async () => {
    const { record, survivor, preferences } = setup();
    const now = await preferences.ofRequest('default', ref('a'), { phone: '07700 900123' });
    expect(now).toEqual({ consent: true, channel: 'email', language: 'nl' });
    expect(citizenPreferencesSchema.safeParse(now).success).toBe(true);

    await expect(
      preferences.changeForRequest(
        'default',
        ref('a'),
        { email: 'anna@example.org' },
        { consent: false, channel: 'sms' },
      ),
    ).resolves.toEqual({ consent: false, channel: 'sms', language: 'nl' });
    // Changing the language later leaves the opt-out as it is.
    await preferences.changeForRequest(
      'default',
      ref('a'),
      { email: 'anna@example.org' },
      { language: 'sv' },
    );
    await expect(preferences.ofRequest('default', ref('a'), { email: 'anna@example.org' })).resolves.toEqual({
      consent: false,
      channel: 'sms',
      language: 'sv',
    });
    expect(record.parties.find((p) => p.id === survivor.id)).toMatchObject({ consentUpdates: false });
    // Each change is one of the citizen's interactions, made by the citizen.
    expect(record.interactionRows).toEqual([
      expect.objectContaining({ partyId: survivor.id, kind: 'preferences-change', handlerKind: 'citizen' }),
      expect.objectContaining({ partyId: survivor.id, kind: 'preferences-change', handlerKind: 'citizen' }),
    ]);
  });

  it('answers a wrong second factor as no such case, changing nothing', async () => {
    const { record, preferences } = setup();
    await expect(
      preferences.ofRequest('default', ref('a'), { email: 'mallory@example.org' }),
    ).rejects.toMatchObject({
      kind: 'not-found',
      code: 'case.not-found',
    });
    await expect(
      preferences.changeForRequest('default', ref('a'), { email: 'mallory@example.org' }, { consent: false }),
    ).rejects.toMatchObject({ kind: 'not-found' });
    expect(record.parties.every((p) => p.consentUpdates)).toBe(true);
  });

  it("by a request a citizen follows and their own contact: the follower's preferences, never its reporter's", async () => {
    const { record, survivor, preferences } = setup();
    const lars = record.addCitizen({ language: 'sv' }, [{ kind: 'email', value: 'lars@example.org' }]);
    await record.caseRepository.subscribe([
      { caseId: record.caseOf(ref('a'))!.id, partyId: lars.id, reason: 'follower' },
    ]);
    await expect(preferences.ofRequest('default', ref('a'), { email: 'lars@example.org' })).resolves.toEqual({
      consent: true,
      channel: 'email',
      language: 'sv',
    });
    await expect(
      preferences.changeForRequest('default', ref('a'), { email: 'lars@example.org' }, { consent: false }),
    ).resolves.toEqual({ consent: false, channel: 'email', language: 'sv' });
    expect(record.parties.find((p) => p.id === lars.id)).toMatchObject({ consentUpdates: false });
    expect(record.parties.find((p) => p.id === survivor.id)).toMatchObject({ consentUpdates: true });
    expect(record.interactionRows).toEqual([expect.objectContaining({ partyId: lars.id })]);
  });

  it('signed in: those of the record that owns their verified email', async () => {
    const { preferences } = setup();
    await expect(preferences.ofSignedIn('default', 'anna@example.org')).resolves.toEqual({
      consent: true,
      channel: 'email',
      language: 'nl',
    });
    await expect(
      preferences.changeForSignedIn('default', 'anna@example.org', { consent: false }),
    ).resolves.toEqual({
      consent: false,
      channel: 'email',
      language: 'nl',
    });
    await expect(preferences.ofSignedIn('default', 'anna@example.org')).resolves.toMatchObject({
      consent: false,
    });
  });

  it('signed in without a verified email, or with one no request was made with: refused, naming the email', async () => {
    const { preferences } = setup();
    await expect(preferences.ofSignedIn('default', null)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(preferences.changeForSignedIn('default', null, { consent: false })).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(preferences.ofSignedIn('default', 'nobody@example.org')).rejects.toMatchObject({
      kind: 'not-found',
      fields: [{ field: 'email' }],
    });
    await expect(
      preferences.changeForSignedIn('default', 'nobody@example.org', { consent: false }),
    ).rejects.toMatchObject({
      kind: 'not-found',
      fields: [{ field: 'email' }],
    });
  });
});
