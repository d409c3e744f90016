import { randomUUID } from 'node:crypto';
import { FakeCaseRecordClient } from '../../case-record/fake-case-record.client';
import type { Delivery } from '../../message-store/delivery.entity';
import { aDelivery } from '../../message-store/message-store.fixture';
import { InMemoryDeliveryRepository } from '../../message-store/in-memory-delivery.repository';
import { ReadInboxUseCase } from './read-inbox.usecase';

const REFERENCE = 'AB12-CD34-EFG';

describe('ReadInboxUseCase: a citizen reads their portal inbox with their reference and second factor', () => {
  const citizenId = randomUUID();
  let caseRecord: FakeCaseRecordClient;
  let deliveries: InMemoryDeliveryRepository;
  let read: ReadInboxUseCase;

  const delivery = (over: Partial<Delivery>): Delivery => aDelivery({ citizenId, ...over });

  beforeEach(() => {
    caseRecord = new FakeCaseRecordClient();
    caseRecord.citizens.set(`${REFERENCE} anna@example.org`, citizenId);
    deliveries = new InMemoryDeliveryRepository();
    read = new ReadInboxUseCase(caseRecord, deliveries);
  });

  it("shows the citizen's portal messages about the request, newest first: not their emails or texts, nor another request's, city's or citizen's", async () => {
    const older = delivery({ subject: 'older', at: new Date('2026-03-01T09:00:00Z') });
    const newer = delivery({ subject: 'newer' });
    deliveries.seed(
      older,
      newer,
      delivery({ subject: 'another request', reference: 'ZX98-YW76-VUT' }),
      delivery({ medium: 'email', address: 'anna@example.org' }),
      delivery({ medium: 'sms', outcome: 'opted-out' }),
      delivery({ tenantId: 'another-city' }),
      delivery({ citizenId: randomUUID() }),
    );

    const messages = await read.execute('default', { reference: REFERENCE, email: 'anna@example.org' });

    expect(messages.map((m) => m.subject)).toEqual(['newer', 'older']);
  });

  it('a wrong second factor gets the same answer as no such request', async () => {
    deliveries.seed(delivery({}));
    const refusal = {
      kind: 'not-found',
      code: 'inbox.no-such-request',
      message: `request ${REFERENCE} not found`,
    };
    await expect(
      read.execute('default', { reference: REFERENCE, email: 'mallory@example.org' }),
    ).rejects.toMatchObject(refusal);
    await expect(
      read.execute('default', { reference: REFERENCE, phone: '+31612345678' }),
    ).rejects.toMatchObject(refusal);
  });

  it("another city's portal asking with the same reference and email finds no such request there", async () => {
    deliveries.seed(delivery({}));
    await expect(
      read.execute('other-city', { reference: REFERENCE, email: 'anna@example.org' }),
    ).rejects.toMatchObject({ code: 'inbox.no-such-request' });
  });
});
