import { recordFixture, ref } from '../../record/record-fixture';
import { CaseRecipientsUseCase } from './case-recipients.usecase';

describe('who hears about a case', () => {
  it('is its reporter and its followers, merged records followed to their survivor, each once', async () => {
    const { record } = recordFixture();
    const recipients = new CaseRecipientsUseCase(record.caseRepository, record.citizenRepository);
    const survivor = record.addCitizen({ firstName: 'Anna', language: 'nl' }, [
      { kind: 'email', value: 'anna@example.org' },
    ]);
    const merged = record.addCitizen({ mergedInto: survivor.id });
    const follower = record.addCitizen({ firstName: 'Lars', preferredChannel: 'sms' }, [
      { kind: 'phone', value: '+46701234567' },
    ]);
    const c = record.addCase({ reference: ref('a'), partyId: merged.id });
    await record.caseRepository.subscribe([
      { caseId: c.id, partyId: survivor.id, reason: 'reporter' },
      { caseId: c.id, partyId: follower.id, reason: 'duplicate-reporter' },
    ]);
    const out = await recipients.execute('default', ref('a'));
    expect(out.recipients).toEqual([
      expect.objectContaining({
        citizenId: survivor.id,
        role: 'reporter',
        email: 'anna@example.org',
        language: 'nl',
      }),
      expect.objectContaining({
        citizenId: follower.id,
        role: 'follower',
        phone: '+46701234567',
        preferredChannel: 'sms',
      }),
    ]);
  });

  it('of many cases at once: each case its own people, in the order asked, each case once; unknown and malformed references named', async () => {
    const { record } = recordFixture();
    const recipients = new CaseRecipientsUseCase(record.caseRepository, record.citizenRepository);
    const anna = record.addCitizen({ firstName: 'Anna' }, [{ kind: 'email', value: 'anna@example.org' }]);
    const lars = record.addCitizen({ firstName: 'Lars' }, [{ kind: 'email', value: 'lars@example.org' }]);
    const a = record.addCase({ reference: ref('a'), partyId: anna.id });
    const b = record.addCase({ reference: ref('b'), partyId: lars.id });
    await record.caseRepository.subscribe([{ caseId: a.id, partyId: lars.id, reason: 'duplicate-reporter' }]);

    const out = await recipients.executeMany('default', [
      ref('b'),
      'not a reference',
      ref('a'),
      ref('c'),
      ref('b'),
    ]);

    expect(out.cases.map((c) => [c.caseId, c.recipients.map((r) => [r.firstName, r.role])])).toEqual([
      [b.id, [['Lars', 'reporter']]],
      [
        a.id,
        [
          ['Anna', 'reporter'],
          ['Lars', 'follower'],
        ],
      ],
    ]);
    expect(out.notFound).toEqual(['not a reference', ref('c')]);
    // One case alone answers as before; an unknown one is refused.
    expect((await recipients.execute('default', ref('a'))).recipients).toHaveLength(2);
    await expect(recipients.execute('default', ref('c'))).rejects.toMatchObject({ kind: 'not-found' });
  });
});
