import { randomUUID } from 'node:crypto';
import { FakeCaseRecordClient } from '../../case-record/fake-case-record.client';
import { InMemoryDeliveryRepository } from '../../message-store/in-memory-delivery.repository';
import { aDelivery } from '../../message-store/message-store.fixture';
import { OptOutBySmsReplyUseCase } from './opt-out-by-sms-reply.usecase';

describe('OptOutBySmsReplyUseCase: a reply to one of our texts', () => {
  let caseRecord: FakeCaseRecordClient;
  let deliveries: InMemoryDeliveryRepository;
  let optOut: OptOutBySmsReplyUseCase;

  beforeEach(() => {
    caseRecord = new FakeCaseRecordClient();
    caseRecord.known.add('+31612345678');
    deliveries = new InMemoryDeliveryRepository();
    optOut = new OptOutBySmsReplyUseCase(caseRecord, deliveries, { TENANT_ID: 'default' });
  });

  it.each(['STOP', 'stop please', ' Stopp', 'STOPPA', 'afmelden', 'Unsubscribe'])(
    '"%s" opts whoever has the number out of updates',
    async (text) => {
      expect(await optOut.execute({ from: '+31612345678', text })).toEqual({ optedOut: true });
      expect(caseRecord.consentChanges).toEqual([
        {
          city: 'default',
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

  it("STOP answers the city whose text last went to that number: that city's record changes, not another's", async () => {
    const ours = new FakeCaseRecordClient('default');
    const theirs = new FakeCaseRecordClient('other-city');
    const both = { TENANT_ID: 'default', CITIES: ['default', 'other-city'] };
    const texted = (tenantId: string, at: string) =>
      aDelivery({ id: randomUUID(), tenantId, medium: 'sms', address: '+31612345678', at: new Date(at) });
    await deliveries.addNew([
      texted('default', '2026-03-01T09:00:00Z'),
      texted('other-city', '2026-03-02T09:00:00Z'),
    ]);
    // The fakes each hold one city's record; the asked one is the one whose record changes.
    for (const record of [ours, theirs]) record.known.add('+31612345678');
    expect(
      await new OptOutBySmsReplyUseCase(ours, deliveries, both).execute({
        from: '+31612345678',
        text: 'STOP',
      }),
    ).toEqual({
      optedOut: false,
    });
    expect(
      await new OptOutBySmsReplyUseCase(theirs, deliveries, both).execute({
        from: '+31612345678',
        text: 'STOP',
      }),
    ).toEqual({
      optedOut: true,
    });
    expect(theirs.consentChanges.map((c) => c.city)).toEqual(['other-city']);
  });

  it('STOP from a number no city served has texted is honoured by every city served', async () => {
    const asked: string[] = [];
    const record = new FakeCaseRecordClient('other-city');
    record.known.add('+31612345678');
    const setConsent = record.setConsent.bind(record);
    record.setConsent = (city, ...rest) => (asked.push(city), setConsent(city, ...rest));
    const both = { TENANT_ID: 'default', CITIES: ['default', 'other-city'] };
    expect(
      await new OptOutBySmsReplyUseCase(record, deliveries, both).execute({
        from: '+31612345678',
        text: 'stop',
      }),
    ).toEqual({
      optedOut: true,
    });
    expect(asked.sort()).toEqual(['default', 'other-city']);
  });
});
