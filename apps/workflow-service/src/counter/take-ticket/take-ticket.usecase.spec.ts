import { join } from 'node:path';
import { FakeTransaction, FixedClock } from '@city/platform-testing/fakes';
import { loadRoutingConfig } from '../../routing/routing-config';
import { InMemoryCounterTicketRepository } from '../in-memory-counter-ticket.repository';
import { TakeTicketUseCase } from './take-ticket.usecase';

const routing = loadRoutingConfig(join(__dirname, '../../../../../catalogue/routing.yaml'));

describe('taking a ticket', () => {
  const setup = () => {
    const tickets = new InMemoryCounterTicketRepository();
    const tx = new FakeTransaction();
    const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
    return { tickets, tx, clock, take: new TakeTicketUseCase(tx, tickets, routing, clock) };
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
