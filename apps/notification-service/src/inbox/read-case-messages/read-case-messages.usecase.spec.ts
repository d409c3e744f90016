import { FakeTransaction } from '@city/platform-testing/fakes';
import type { Delivery } from '../../message-store/delivery.entity';
import { InMemoryDeliveryRepository } from '../../message-store/in-memory-delivery.repository';
import { InMemoryNotificationRepository } from '../../message-store/in-memory-notification.repository';
import { aDelivery, anOwedNotification } from '../../message-store/message-store.fixture';
import { ReadCaseMessagesUseCase } from './read-case-messages.usecase';

const REFERENCE = 'AB12-CD34-EFG';

const delivery = (over: Partial<Delivery>) =>
  aDelivery({ medium: 'email', address: 'anna@example.org', template: 'received', ...over });
const owed = anOwedNotification;

describe('ReadCaseMessagesUseCase: an agent reads the messages about a case', () => {
  it("shows every message sent or not sent, oldest first, and what is still owed: not another case's or city's", async () => {
    const deliveries = new InMemoryDeliveryRepository();
    const notifications = new InMemoryNotificationRepository();
    const tx = new FakeTransaction();
    const read = new ReadCaseMessagesUseCase(deliveries, notifications, tx);
    deliveries.seed(
      delivery({ template: 'case-update', at: new Date('2026-03-03T09:00:00Z') }),
      delivery({ medium: 'sms', outcome: 'opted-out' }),
      delivery({ reference: 'ZX98-YW76-VUT' }),
      delivery({ tenantId: 'another-city' }),
    );
    notifications.seed(
      owed({ template: 'resolved' }),
      owed({ state: 'done' }),
      owed({ reference: 'ZX98-YW76-VUT' }),
      owed({ tenantId: 'another-city' }),
    );

    const seen = await read.execute('default', REFERENCE);

    expect(seen.messages.map((m) => [m.medium, m.template, m.outcome])).toEqual([
      ['sms', 'received', 'opted-out'],
      ['email', 'case-update', 'sent'],
    ]);
    expect(seen.pending.map((n) => n.template)).toEqual(['resolved']);
    expect(tx.snapshots).toBe(1);
  });
});
