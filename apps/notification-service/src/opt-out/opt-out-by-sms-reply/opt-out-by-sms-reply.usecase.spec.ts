import { FakeCaseRecordClient } from '../../case-record/fake-case-record.client';
import { OptOutBySmsReplyUseCase } from './opt-out-by-sms-reply.usecase';

describe('OptOutBySmsReplyUseCase: a reply to one of our texts', () => {
  let caseRecord: FakeCaseRecordClient;
  let optOut: OptOutBySmsReplyUseCase;

  beforeEach(() => {
    caseRecord = new FakeCaseRecordClient();
    caseRecord.known.add('+31612345678');
    optOut = new OptOutBySmsReplyUseCase(caseRecord);
  });

  it.each(['STOP', 'stop please', ' Stopp', 'STOPPA', 'afmelden', 'Unsubscribe'])(
    '"%s" opts whoever has the number out of updates',
    async (text) => {
      expect(await optOut.execute({ from: '+31612345678', text })).toEqual({ optedOut: true });
      expect(caseRecord.consentChanges).toEqual([
        {
          target: { phone: '+31612345678' },
          consentUpdates: false,
          channel: 'sms',
          reason: 'STOP reply to a text',
        },
      ]);
    },
  );

  it('any other reply changes nothing; STOP from a number no citizen has opts no one out', async () => {
    expect(await optOut.execute({ from: '+31612345678', text: 'Thanks! When do you come?' })).toEqual({
      optedOut: false,
    });
    expect(await optOut.execute({ from: '+31612345678', text: 'nonstop' })).toEqual({ optedOut: false });
    expect(caseRecord.consentChanges).toEqual([]);
    expect(await optOut.execute({ from: '+31699999999', text: 'STOP' })).toEqual({ optedOut: false });
  });
});
