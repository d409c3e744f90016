import { FakeCaseRecordClient } from '../../case-record/fake-case-record.client';
import { SatisfactionLinks } from '../satisfaction-link';
import { ReadByLinkUseCase } from './read-by-link.usecase';

const REFERENCE = 'EA49-HVS1-TVR';

describe("ReadByLinkUseCase: the citizen opens the satisfaction question's emailed link", () => {
  const links = new SatisfactionLinks('the-link-secret-of-the-unit-test', () => 'https://my.city.example', [
    'default',
  ]);
  let caseRecord: FakeCaseRecordClient;
  let read: ReadByLinkUseCase;

  beforeEach(() => {
    caseRecord = new FakeCaseRecordClient();
    read = new ReadByLinkUseCase(links, caseRecord);
  });

  it("says the request's question as the case record has it, and records nothing", async () => {
    const q = {
      reference: REFERENCE,
      open: true,
      openUntil: '2026-04-01T10:00:00.000Z',
      answer: { score: 2 as const, via: 'sms' as const, at: '2026-03-04T10:00:00.000Z' },
    };
    caseRecord.questions.set(REFERENCE, q);
    expect(await read.execute(links.token('default', REFERENCE))).toEqual(q);
    expect(caseRecord.answers).toEqual([]);
  });

  it('a link that is not genuine, or for a request the record does not have, is the same 404', async () => {
    for (const token of ['nonsense', links.token('default', 'AB12-CD34-EFG'), links.token('x', REFERENCE)])
      await expect(read.execute(token)).rejects.toMatchObject({
        kind: 'not-found',
        message: 'This link is not valid.',
      });
  });
});
