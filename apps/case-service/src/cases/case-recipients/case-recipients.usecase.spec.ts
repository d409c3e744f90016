import { recordFixture, ref } from '../../record/record-fixture';
import { CaseRecipientsUseCase } from './case-recipients.usecase';

describe('who hears about a case', () => {
  it('is its reporter and its followers, merged records followed to their survivor, each once', async () => {
    const { record, config } = recordFixture();
    const recipients = new CaseRecipientsUseCase(record.caseRepository, record.citizenRepository, config);
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
    const out = await recipients.execute(ref('a'));
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
});
