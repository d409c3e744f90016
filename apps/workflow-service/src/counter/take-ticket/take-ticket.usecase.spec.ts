import { join } from 'node:path';
import { FakeOutbox, FakeTransaction, FixedClock } from '@city/platform-testing/fakes';
import { loadRoutingConfig } from '../../routing/routing-config';
import { RoutingBook } from '../../routing/routing-book';
import { InMemoryCounterTicketRepository } from '../in-memory-counter-ticket.repository';
import { TakeTicketUseCase } from './take-ticket.usecase';

const routing = RoutingBook.everywhere(
  loadRoutingConfig(join(__dirname, '../../../../../catalogue/routing.yaml')),
);

describe('taking a ticket', () => {
  const setup = () => {
    const tickets = new InMemoryCounterTicketRepository();
    const tx = new FakeTransaction();
    const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
    const outbox = new FakeOutbox();
    return { tickets, tx, clock, outbox, take: new TakeTicketUseCase(tx, tickets, outbox, routing, clock) };
  };
  const ticket = (serviceCode: string | null) => ({
    tenantId: 'default',
    office: 'town-hall',
    serviceCode,
    contact: null,
  });

  it('numbers tickets per queue and day, one at a time, with the wait', async () => {
    const { take, tx, clock } = setup();
    const p1 = await take.execute(ticket('parking-permit'));
    clock.advance(1000);
    const p2 = await take.execute(ticket('blue-badge'));
    const a1 = await take.execute(ticket(null));
    expect([p1.ticket.display, p2.ticket.display, a1.ticket.display]).toEqual(['P001', 'P002', 'A001']);
    expect(p1).toMatchObject({
      ticket: { queue: 'counter-parking', state: 'waiting', day: '2026-03-02' },
      estimatedWaitMinutes: 8,
    });
    expect(p2.estimatedWaitMinutes).toBe(16);
    expect(tx.locked[0]).toEqual(['default/ticket/town-hall/2026-03-02/counter-parking']);
  });

  it('tells the operations view of each ticket, with the wait the citizen was told and without their contact', async () => {
    const { take, outbox } = setup();
    const p1 = await take.execute({
      ...ticket('parking-permit'),
      contact: { email: 'a@example.org', phone: null },
    });
    await take.execute(ticket('blue-badge'));
    expect(outbox.items.map((i) => [i.topic, i.key])).toEqual([
      ['workforce.events.v1', p1.ticket.id],
      ['workforce.events.v1', expect.any(String)],
    ]);
    const [first, second] = outbox.events('CounterTicketChanged');
    expect(first.payload).toEqual({
      ticketId: p1.ticket.id,
      ticket: 'P001',
      office: 'town-hall',
      queue: 'counter-parking',
      day: '2026-03-02',
      serviceCode: 'parking-permit',
      state: 'waiting',
      issuedAt: '2026-03-02T09:00:00.000Z',
      calledAt: null,
      clerkId: null,
      counter: null,
      endedAt: null,
      changedAt: '2026-03-02T09:00:00.000Z',
      estimatedWaitMinutes: 8,
    });
    expect(second.payload).toMatchObject({ ticket: 'P002', estimatedWaitMinutes: 16 });
    expect(JSON.stringify(outbox.items)).not.toContain('a@example.org');
  });

  it('refuses an office there is not', async () => {
    const { take } = setup();
    await expect(take.execute({ ...ticket(null), office: 'mars' })).rejects.toMatchObject({
      kind: 'not-found',
      code: 'counter.no-office',
      message: 'No office mars.',
      fields: [{ field: 'office', reason: 'one of town-hall, zuid' }],
    });
  });
});
