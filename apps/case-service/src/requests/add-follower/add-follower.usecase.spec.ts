import type { CatalogueStore } from '@city/platform-kafka';
import { CaseRecipientsUseCase } from '../../cases/case-recipients/case-recipients.usecase';
import { recordFixture, ref } from '../../record/record-fixture';
import { CitizenViews } from '../citizen-view/citizen-views';
import { OwnCasesUseCase } from '../own-cases/own-cases.usecase';
import { AddFollowerUseCase } from './add-follower.usecase';

const catalogue = (ready = true) =>
  ({
    ready,
    get: (code: string) =>
      code === 'pothole' ? { code, open311: { public: true, location: 'exact' } } : { code },
  }) as unknown as CatalogueStore;

/** A signed-in citizen as their token says: a verified email, and the name the token has. */
const signedIn = (
  email: string | null,
  firstName: string | null = 'Lars',
  lastName: string | null = 'Berg',
) => ({
  email,
  firstName,
  lastName,
});

describe('a signed-in citizen follows a request instead of reporting it again', () => {
  const setup = (ready = true) => {
    const f = recordFixture();
    const reporter = f.record.addCitizen({}, [{ kind: 'email', value: 'reporter@example.org' }]);
    const c = f.record.addCase({ reference: ref('pothole'), partyId: reporter.id, status: 'in-progress' });
    const follow = new AddFollowerUseCase(
      f.tx,
      f.record.caseRepository,
      f.record.citizenRepository,
      f.record.interactionRepository,
      catalogue(ready),
    );
    return { ...f, reporter, c, follow };
  };

  it('records someone new by their verified email, with their name, in their language, and subscribes them: they hear about it and see it among their cases', async () => {
    const { record, tx, c, follow } = setup();
    await expect(
      follow.execute('default', ref('pothole').toLowerCase(), signedIn('Lars@Example.org'), {
        language: 'sv',
      }),
    ).resolves.toEqual({ reference: ref('pothole'), following: true });

    const lars = record.parties.find((p) => p.language === 'sv')!;
    expect(lars).toMatchObject({
      firstName: 'Lars',
      lastName: 'Berg',
      preferredChannel: 'email',
      consentUpdates: true,
      possibleMatchOf: null,
    });
    expect(record.contactPoints.filter((cp) => cp.partyId === lars.id)).toEqual([
      expect.objectContaining({ kind: 'email', value: 'lars@example.org', heldApart: false }),
    ]);
    expect(record.caseSubscriptions).toEqual([
      expect.objectContaining({ caseId: c.id, partyId: lars.id, reason: 'follower' }),
    ]);
    // Under the intake's lock for the contact, so a request and a follow by one new citizen make one record.
    expect(tx.locked).toEqual([['default/citizen/email/lars@example.org']]);

    const recipients = await new CaseRecipientsUseCase(
      record.caseRepository,
      record.citizenRepository,
    ).execute('default', ref('pothole'));
    expect(recipients.recipients).toEqual([
      expect.objectContaining({ role: 'reporter', email: 'reporter@example.org' }),
      expect.objectContaining({ role: 'follower', email: 'lars@example.org', language: 'sv' }),
    ]);
    const own = new OwnCasesUseCase(
      record.caseRepository,
      record.citizenRepository,
      new CitizenViews(record.caseRepository),
      tx,
    );
    expect((await own.execute('default', 'lars@example.org')).map((x) => x.case.reference)).toEqual([
      ref('pothole'),
    ]);
  });

  it('refuses a citizen whose email is not verified (403 at email), before reading anything', async () => {
    const { tx, record, follow } = setup();
    await expect(follow.execute('default', ref('pothole'), signedIn(null))).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'follow.email-unverified',
      fields: [{ field: 'email', reason: expect.stringContaining('verified email') }],
    });
    expect(tx.runs).toBe(0);
    expect(record.caseSubscriptions).toEqual([]);
  });

  it("notes on the case's timeline that someone follows it, with nothing personal, and on the follower's record why", async () => {
    const { record, c, follow } = setup();
    await follow.execute('default', ref('pothole'), signedIn('lars@example.org'));
    const lars = record.parties.at(-1)!;
    const [entry] = record.timelineOf(c.id);
    expect(entry).toMatchObject({ kind: 'contact', actor: 'citizen', details: { change: 'followed' } });
    expect(entry.summary).not.toMatch(/lars|berg/i);
    expect(record.interactionRows).toEqual([
      expect.objectContaining({
        partyId: lars.id,
        caseIds: [c.id],
        summary: `Follows pothole request ${ref('pothole')}`,
      }),
    ]);
  });

  it('following twice, or following as its reporter, changes nothing', async () => {
    const { record, c, follow } = setup();
    await follow.execute('default', ref('pothole'), signedIn('lars@example.org'));
    await follow.execute('default', ref('pothole'), signedIn('LARS@example.org'), {});
    await follow.execute('default', ref('pothole'), signedIn('reporter@example.org'));
    expect(record.caseSubscriptions).toHaveLength(1);
    expect(record.timelineOf(c.id)).toHaveLength(1);
    expect(record.parties).toHaveLength(2);
  });

  it("follows as the citizen who owns the email (a merged record's survivor), leaving their record and preferences as they are", async () => {
    const { record, c, follow } = setup();
    const survivor = record.addCitizen({
      firstName: 'Anna',
      consentUpdates: false,
      language: 'nl',
      preferredChannel: 'sms',
    });
    record.addCitizen({ mergedInto: survivor.id }, [{ kind: 'email', value: 'anna@example.org' }]);
    await follow.execute('default', ref('pothole'), signedIn('anna@example.org', 'Someone', 'Else'), {
      language: 'en',
    });
    expect(record.caseSubscriptions).toEqual([
      expect.objectContaining({ caseId: c.id, partyId: survivor.id }),
    ]);
    expect(record.parties.find((p) => p.id === survivor.id)).toMatchObject({
      firstName: 'Anna',
      consentUpdates: false,
      language: 'nl',
      preferredChannel: 'sms',
    });
    expect(record.parties).toHaveLength(3);
  });

  it('never follows as a record that holds the email only as a copy kept apart: the one that owns it', async () => {
    const { record, reporter, c, follow } = setup();
    record.addCitizen({ possibleMatchOf: reporter.id }, [
      { kind: 'email', value: 'reporter@example.org', heldApart: true },
    ]);
    await follow.execute('default', ref('pothole'), signedIn('reporter@example.org'));
    // The owner is the reporter: nothing to follow.
    expect(record.caseSubscriptions).toEqual([]);
    expect(record.timelineOf(c.id)).toEqual([]);
  });

  it('answers a case of a service the public may not see as no such case, and refuses one that ended', async () => {
    const { record, follow } = setup();
    record.addCase({ reference: ref('housing'), serviceCode: 'housing-repair' });
    record.addCase({ reference: ref('closed'), status: 'closed' });
    record.addCase({ reference: ref('withdrawn'), status: 'withdrawn' });
    record.addCase({ reference: ref('resolved'), status: 'resolved' });
    const lars = signedIn('lars@example.org');
    for (const r of ['housing', 'nothing'])
      await expect(follow.execute('default', ref(r), lars)).rejects.toMatchObject({
        kind: 'not-found',
        code: 'case.not-found',
      });
    await expect(follow.execute('default', ref('closed'), lars)).rejects.toMatchObject({
      kind: 'conflict',
      fields: [{ field: 'reference', reason: expect.stringContaining('closed') }],
    });
    await expect(follow.execute('default', ref('withdrawn'), lars)).rejects.toMatchObject({
      kind: 'conflict',
      fields: [{ field: 'reference', reason: expect.stringContaining('withdrawn') }],
    });
    // Resolved is not the end: it may be reopened.
    await expect(follow.execute('default', ref('resolved'), lars)).resolves.toMatchObject({
      following: true,
    });
  });

  it('refuses a malformed reference before reading anything', async () => {
    const { tx, follow } = setup();
    await expect(follow.execute('default', 'nope', signedIn('a@example.org'))).rejects.toMatchObject({
      fields: [{ field: 'reference' }],
    });
    expect(tx.runs).toBe(0);
  });

  it('is unavailable until the catalogue is read', async () => {
    await expect(
      setup(false).follow.execute('default', ref('pothole'), signedIn('a@example.org')),
    ).rejects.toMatchObject({
      kind: 'unavailable',
    });
  });
});
