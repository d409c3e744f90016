import { Delivery } from '../../message-store/delivery.entity';
import { InMemoryDeliveryRepository } from '../../message-store/in-memory-delivery.repository';
import { ExportPersonalDataUseCase } from './export-personal-data.usecase';

const delivery = (over: Partial<Delivery>): Delivery =>
  Object.assign(new Delivery(), {
    id: crypto.randomUUID(),
    tenantId: 'default',
    notificationId: crypto.randomUUID(),
    caseId: crypto.randomUUID(),
    reference: 'AAAA-BBBB-CCC',
    citizenId: crypto.randomUUID(),
    medium: 'email',
    address: 'someone@example.org',
    template: 'report-received',
    language: 'en',
    subject: 'We have your report',
    text: 'Dear Anna, ...',
    outcome: 'sent',
    detail: null,
    providerMessageId: null,
    attempts: 1,
    at: new Date('2026-11-30T09:00:00Z'),
    ...over,
  });

describe("a citizen's messages, for their export", () => {
  it("gives every message to their records or addresses in the city asked, and no one else's (not one about her case to someone who follows it)", async () => {
    const anna = '7d0b6a52-8d5e-4b38-9d1c-5f7b2f1d8e01';
    const deliveries = new InMemoryDeliveryRepository();
    deliveries.seed(
      delivery({ citizenId: anna, subject: 'to her record', at: new Date('2026-11-30T10:00:00Z') }),
      delivery({
        citizenId: anna,
        reference: 'ANNA-CASE-001',
        subject: 'about her case',
        at: new Date('2026-11-30T09:00:00Z'),
      }),
      delivery({ reference: 'ANNA-CASE-001', subject: 'about her case, to one who follows it' }),
      delivery({
        medium: 'sms',
        address: '+31612345678',
        subject: 'to her phone',
        at: new Date('2026-11-30T11:00:00Z'),
      }),
      delivery({ subject: "someone else's" }),
      delivery({ citizenId: anna, tenantId: 'other-city', subject: "another city's" }),
    );
    const held = await new ExportPersonalDataUseCase(deliveries).execute('default', {
      citizenIds: [anna],
      caseIds: [],
      caseReferences: ['ANNA-CASE-001'],
      contacts: [{ kind: 'phone', value: '+31612345678' }],
    });
    expect(held.service).toBe('notification-service');
    expect(held.messages.map((m) => m.subject)).toEqual(['about her case', 'to her record', 'to her phone']);
    expect(held.messages[2]).toMatchObject({ medium: 'sms', address: '+31612345678', outcome: 'sent' });
  });
});
