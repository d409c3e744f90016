import { recordFixture } from '../../record/record-fixture';
import { UpdatePreferencesUseCase } from './update-preferences.usecase';

describe("a citizen's preferences", () => {
  const setup = () => {
    const f = recordFixture();
    return {
      ...f,
      update: new UpdatePreferencesUseCase(f.tx, f.record.citizenRepository, f.record.interactionRepository),
    };
  };

  it('changes on the survivor of a merged record, and the change is an interaction with who and why', async () => {
    const { record, update } = setup();
    const survivor = record.addCitizen({ language: 'en' });
    const merged = record.addCitizen({ mergedInto: survivor.id });
    const out = await update.execute(
      'default',
      { id: merged.id },
      {
        language: 'nl',
        consentUpdates: false,
        actor: 'agent:agent-17',
        reason: 'asked on the phone',
        channel: 'phone',
      },
    );
    expect(out).toEqual({
      citizenId: survivor.id,
      consentUpdates: false,
      preferredChannel: 'email',
      language: 'nl',
      changed: true,
    });
    expect(record.parties.find((p) => p.id === survivor.id)).toMatchObject({
      language: 'nl',
      consentUpdates: false,
    });
    expect(record.interactionRows).toEqual([
      expect.objectContaining({
        partyId: survivor.id,
        kind: 'preferences-change',
        channel: 'phone',
        handlerKind: 'agent',
        summary: 'Opted out of updates; Language nl: asked on the phone',
      }),
    ]);
  });

  it('follows a chain of merges to its end (A into B, then B into C)', async () => {
    const { record, update } = setup();
    const last = record.addCitizen({ language: 'en' });
    const between = record.addCitizen({ mergedInto: last.id });
    const first = record.addCitizen({ mergedInto: between.id });
    const out = await update.execute(
      'default',
      { id: first.id },
      { language: 'sv', actor: 'agent:agent-17', reason: 'asked at the counter', channel: 'counter' },
    );
    expect(out).toMatchObject({ citizenId: last.id, language: 'sv' });
    expect(record.parties.find((p) => p.id === last.id)?.language).toBe('sv');
    expect(record.parties.find((p) => p.id === between.id)?.language).not.toBe('sv');
  });

  it('finds the owner of a contact (an SMS STOP), records nothing when nothing changes, and says not-found', async () => {
    const { record, update } = setup();
    const lars = record.addCitizen({ consentUpdates: false }, [{ kind: 'phone', value: '+46701234567' }]);
    const out = await update.execute(
      'default',
      { contact: { kind: 'phone', value: '+46701234567' } },
      { consentUpdates: false, actor: 'citizen:self-service via sms' },
    );
    expect(out).toMatchObject({ citizenId: lars.id, changed: false });
    expect(record.interactionRows).toHaveLength(0);
    await expect(
      update.execute(
        'default',
        { contact: { kind: 'email', value: 'nobody@example.org' } },
        { consentUpdates: false, actor: 'x' },
      ),
    ).rejects.toMatchObject({
      kind: 'not-found',
      message: 'no citizen with that email',
    });
  });
});
