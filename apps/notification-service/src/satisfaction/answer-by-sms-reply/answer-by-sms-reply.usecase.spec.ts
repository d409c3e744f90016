import { FakeCaseRecordClient } from '../../case-record/fake-case-record.client';
import { InMemoryDeliveryRepository } from '../../message-store/in-memory-delivery.repository';
import { aDelivery } from '../../message-store/message-store.fixture';
import { AnswerBySmsReplyUseCase } from './answer-by-sms-reply.usecase';

const ANNA = '+31612345678';
const question = (reference: string, open = true) => ({
  reference,
  open,
  openUntil: '2026-04-01T10:00:00.000Z',
  answer: null,
});
/** A text of this template sent to a number about a request, at minute `m`. */
const texted = (
  reference: string,
  to: string,
  m: number,
  template = 'satisfaction-survey',
  outcome = 'sent',
) =>
  aDelivery({
    reference,
    medium: 'sms',
    address: to,
    template,
    outcome: outcome as 'sent',
    at: new Date(Date.UTC(2026, 2, 2, 9, m)),
  });

describe('AnswerBySmsReplyUseCase: a reply of 1 to 5 to the texted satisfaction question', () => {
  let deliveries: InMemoryDeliveryRepository;
  let caseRecord: FakeCaseRecordClient;
  let answer: AnswerBySmsReplyUseCase;

  beforeEach(() => {
    deliveries = new InMemoryDeliveryRepository();
    caseRecord = new FakeCaseRecordClient();
    answer = new AnswerBySmsReplyUseCase(deliveries, caseRecord, { TENANT_ID: 'default' });
    for (const r of ['AB12-CD34-EFG', 'EA49-HVS1-TVR', 'KM12-PQ34-RST'])
      caseRecord.questions.set(r, question(r));
  });

  it('is the answer for the request whose question was last texted to that number, as answered by text', async () => {
    deliveries.seed(
      texted('AB12-CD34-EFG', ANNA, 1),
      texted('EA49-HVS1-TVR', ANNA, 5),
      // Later, but another message, another number, or a text that did not go.
      texted('KM12-PQ34-RST', ANNA, 9, 'case-update'),
      texted('KM12-PQ34-RST', '+31687654321', 9),
      texted('KM12-PQ34-RST', ANNA, 9, 'satisfaction-survey', 'undeliverable'),
    );
    expect(await answer.execute({ from: ANNA, text: ' 4.' })).toEqual({
      reference: 'EA49-HVS1-TVR',
      score: 4,
      recorded: true,
    });
    expect(caseRecord.answers).toEqual([{ reference: 'EA49-HVS1-TVR', score: 4, via: 'sms' }]);
    // The provider may write the number its own way.
    expect(await answer.execute({ from: '0031 6 1234 5678', text: '2' })).toMatchObject({
      score: 2,
      recorded: true,
    });
  });

  it('any other reply, or a number never asked, records nothing', async () => {
    deliveries.seed(texted('AB12-CD34-EFG', ANNA, 1));
    for (const text of ['6', '0', '45', 'four', '4 stars', 'Thanks!', ''])
      expect(await answer.execute({ from: ANNA, text })).toBeNull();
    expect(await answer.execute({ from: '+31600000000', text: '5' })).toBeNull();
    expect(caseRecord.answers).toEqual([]);
  });

  it("after the answer window the case record's reason is said, not thrown (the provider has nobody to show it to)", async () => {
    deliveries.seed(texted('AB12-CD34-EFG', ANNA, 1));
    caseRecord.questions.set('AB12-CD34-EFG', question('AB12-CD34-EFG', false));
    expect(await answer.execute({ from: ANNA, text: '5' })).toEqual({
      reference: 'AB12-CD34-EFG',
      score: 5,
      recorded: false,
      reason: 'The question about AB12-CD34-EFG closed.',
    });
    // The case record away is not a reply's fault: it fails, and the provider tries again.
    caseRecord.failWith = new Error('connect ECONNREFUSED');
    await expect(answer.execute({ from: ANNA, text: '5' })).rejects.toThrow('ECONNREFUSED');
  });

  it('answers in the city that asked: the question last texted to that number by any city served', async () => {
    const theirs = new FakeCaseRecordClient('other-city');
    theirs.questions.set('EA49-HVS1-TVR', question('EA49-HVS1-TVR'));
    const both = new AnswerBySmsReplyUseCase(deliveries, theirs, {
      TENANT_ID: 'default',
      CITIES: ['default', 'other-city'],
    });
    deliveries.seed(
      texted('AB12-CD34-EFG', ANNA, 1),
      { ...texted('EA49-HVS1-TVR', ANNA, 5), tenantId: 'other-city' },
      { ...texted('KM12-PQ34-RST', ANNA, 9), tenantId: 'a-city-not-served' },
    );
    expect(await both.execute({ from: ANNA, text: '3' })).toEqual({
      reference: 'EA49-HVS1-TVR',
      score: 3,
      recorded: true,
    });
    expect(theirs.answers).toEqual([{ reference: 'EA49-HVS1-TVR', score: 3, via: 'sms' }]);
    // This city's use case sees only its own question.
    expect(await answer.execute({ from: ANNA, text: '4' })).toMatchObject({ reference: 'AB12-CD34-EFG' });
  });
});
