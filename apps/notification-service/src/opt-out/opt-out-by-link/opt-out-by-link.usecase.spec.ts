import { randomUUID } from 'node:crypto';
import { FakeCaseRecordClient } from '../../case-record/fake-case-record.client';
import { OptOutLinks } from '../opt-out-link';
import { OptOutByLinkUseCase } from './opt-out-by-link.usecase';

describe('OptOutByLinkUseCase: a citizen confirms the opt-out link of an email', () => {
  const links = new OptOutLinks('the-opt-out-secret-of-the-unit-test', 'https://city.example', [
    'default',
    'other-city',
  ]);
  let caseRecord: FakeCaseRecordClient;
  let optOut: OptOutByLinkUseCase;

  beforeEach(() => {
    caseRecord = new FakeCaseRecordClient();
    optOut = new OptOutByLinkUseCase(links, caseRecord);
  });

  it("records the opt-out on the citizen's record, saying it came from the link in an email", async () => {
    const citizenId = randomUUID();
    caseRecord.known.add(citizenId);

    await optOut.execute(links.token('default', citizenId));

    expect(caseRecord.consentChanges).toEqual([
      {
        city: 'default',
        target: { citizenId },
        consentUpdates: false,
        channel: 'email',
        reason: 'opt-out link in an email',
      },
    ]);
  });

  it("a link signed by another city served opts out on that city's record, not this one's", async () => {
    const citizenId = randomUUID();
    const theirs = new FakeCaseRecordClient('other-city');
    theirs.known.add(citizenId);
    await new OptOutByLinkUseCase(links, theirs).execute(links.token('other-city', citizenId));
    expect(theirs.consentChanges).toEqual([
      expect.objectContaining({ city: 'other-city', target: { citizenId } }),
    ]);

    caseRecord.known.add(citizenId);
    await expect(optOut.execute(links.token('other-city', citizenId))).rejects.toMatchObject({
      code: 'opt-out.invalid-link',
    });
    expect(caseRecord.consentChanges).toEqual([]);
  });

  it('refuses a link that is not genuine (or made for a city not served) and one for a citizen the record does not know', async () => {
    const citizenId = randomUUID();
    const refusal = {
      kind: 'not-found',
      code: 'opt-out.invalid-link',
      message: 'this opt-out link is not valid',
    };
    await expect(optOut.execute(`${citizenId}.${'A'.repeat(24)}`)).rejects.toMatchObject(refusal);
    await expect(optOut.execute(links.token('another-city', citizenId))).rejects.toMatchObject(refusal);
    await expect(optOut.execute('not-a-token')).rejects.toMatchObject(refusal);
    expect(caseRecord.consentChanges).toEqual([]);

    await expect(optOut.execute(links.token('default', citizenId))).rejects.toMatchObject(refusal);
  });
});
