import { FakeCaseRecordClient } from '../../case-record/fake-case-record.client';
import { SatisfactionLinks } from '../satisfaction-link';
import { AnswerByLinkUseCase } from './answer-by-link.usecase';

const REFERENCE = 'EA49-HVS1-TVR';
const question = (open: boolean) => ({
  reference: REFERENCE,
  open,
  openUntil: '2026-04-01T10:00:00.000Z',
  answer: null,
});

describe("AnswerByLinkUseCase: a citizen sends a score from the emailed link's page", () => {
  const links = new SatisfactionLinks('the-link-secret-of-the-unit-test', () => 'https://my.city.example', [
    'default',
  ]);
  let caseRecord: FakeCaseRecordClient;
  let answer: AnswerByLinkUseCase;

  beforeEach(() => {
    caseRecord = new FakeCaseRecordClient();
    answer = new AnswerByLinkUseCase(links, caseRecord);
  });

  it('passes the score on to the case record as answered by email, for the request the link names', async () => {
    caseRecord.questions.set(REFERENCE, question(true));
    const state = await answer.execute(links.token('default', REFERENCE), 4);
    expect(caseRecord.answers).toEqual([{ reference: REFERENCE, score: 4, via: 'email' }]);
    expect(state.answer).toMatchObject({ score: 4, via: 'email' });
  });

  it('a forged or changed link, one of a city not served, and one for a request the record does not have: the same 404, nothing passed on', async () => {
    const refusal = {
      kind: 'not-found',
      code: 'satisfaction.link-not-valid',
      message: 'This link is not valid.',
    };
    caseRecord.questions.set(REFERENCE, question(true));
    const [ref, mac] = links.token('default', REFERENCE).split('.');
    await expect(answer.execute(`EA49-HVS1-TVS.${mac}`, 4)).rejects.toMatchObject(refusal);
    await expect(answer.execute(`${ref}.${'A'.repeat(24)}`, 4)).rejects.toMatchObject(refusal);
    await expect(answer.execute(links.token('other-city', REFERENCE), 4)).rejects.toMatchObject(refusal);
    await expect(answer.execute(links.token('default', 'AB12-CD34-EFG'), 4)).rejects.toMatchObject(refusal);
    expect(caseRecord.answers).toEqual([]);
  });

  it("after the answer window, the case record's refusal in a sentence (409)", async () => {
    caseRecord.questions.set(REFERENCE, question(false));
    await expect(answer.execute(links.token('default', REFERENCE), 5)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'satisfaction.closed',
    });
    expect(caseRecord.answers).toEqual([]);
  });

  it("a link signed by another city served answers that city's request, on that city's record", async () => {
    const both = new SatisfactionLinks('the-link-secret-of-the-unit-test', () => 'https://my.city.example', [
      'default',
      'other-city',
    ]);
    const theirs = new FakeCaseRecordClient('other-city');
    theirs.questions.set(REFERENCE, question(true));
    await new AnswerByLinkUseCase(both, theirs).execute(both.token('other-city', REFERENCE), 2);
    expect(theirs.answers).toEqual([{ reference: REFERENCE, score: 2, via: 'email' }]);
    // The same reference is another request in this city: its link is not theirs.
    caseRecord.questions.set(REFERENCE, question(true));
    await expect(
      new AnswerByLinkUseCase(both, theirs).execute(both.token('default', REFERENCE), 2),
    ).rejects.toMatchObject({
      code: 'satisfaction.link-not-valid',
    });
  });
});
