import { Injectable } from '@nestjs/common';
import { tableName, TypeormTransaction } from '@city/platform-database';
import type { DataSubject } from '@city/contracts';
import { CounterTicket, type TicketState } from './counter-ticket.entity';
import { CounterTicketRepository, type WaitFigures } from './counter-ticket.repository';

/** Tickets go in the order they were taken; a tie in time by number (P999 before P1000, which text order would not give). */
const IN_TURN = 'issued_at, length(display), display';

@Injectable()
export class TypeormCounterTicketRepository extends CounterTicketRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  private get tickets() {
    return this.tx.manager().getRepository(CounterTicket);
  }

  private get table() {
    return tableName(this.tx.manager(), CounterTicket);
  }

  async lastNumber(tenantId: string, office: string, day: string, letter: string): Promise<number> {
    const [{ last }] = await this.tx
      .manager()
      .query(
        `SELECT coalesce(max(substring(display FROM 2)::int), 0)::int AS last FROM ${this.table} WHERE tenant_id = $1 AND office = $2 AND day = $3 AND display LIKE $4`,
        [tenantId, office, day, `${letter}%`],
      );
    return last;
  }

  add(ticket: Omit<CounterTicket, 'id'>): Promise<CounterTicket> {
    return this.tickets.save(this.tickets.create(ticket));
  }

  async waitFigures(t: CounterTicket, clerksSince: Date): Promise<WaitFigures> {
    const table = this.table;
    const [row] = await this.tx.manager().query(
      `SELECT (SELECT count(*) FROM ${table} WHERE tenant_id = $1 AND office = $2 AND queue = $3 AND state = 'waiting' AND (${IN_TURN}) < ($4, length($7::text), $7))::int AS ahead,
              (SELECT avg(extract(epoch FROM ended_at - called_at) / 60) FROM ${table} WHERE tenant_id = $1 AND office = $2 AND queue = $3 AND day = $5 AND state = 'done' AND called_at IS NOT NULL) AS minutes,
              (SELECT count(DISTINCT clerk_id) FROM ${table} WHERE tenant_id = $1 AND office = $2 AND queue = $3 AND called_at > $6)::int AS clerks`,
      [t.tenantId, t.office, t.queue, t.issuedAt, t.day, clerksSince, t.display],
    );
    return {
      ahead: row.ahead,
      minutesPerVisit: row.minutes === null ? null : Number(row.minutes),
      clerks: row.clerks,
    };
  }

  async lockNextWaiting(tenantId: string, office: string, queues: string[]): Promise<CounterTicket | null> {
    const [row] = await this.tx
      .manager()
      .query(
        `SELECT id FROM ${this.table} WHERE tenant_id = $1 AND office = $2 AND state = 'waiting' AND queue = ANY($3::text[]) ORDER BY ${IN_TURN} LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [tenantId, office, queues],
      );
    return row ? this.tickets.findOneByOrFail({ id: row.id }) : null;
  }

  lock(tenantId: string, id: string): Promise<CounterTicket | null> {
    return this.tickets
      .createQueryBuilder('t')
      .where('t.tenant_id = :tenantId AND t.id = :id', { tenantId, id })
      .setLock('pessimistic_write')
      .getOne();
  }

  find(tenantId: string, id: string): Promise<CounterTicket | null> {
    return this.tickets.findOneBy({ tenantId, id });
  }

  save(ticket: CounterTicket): Promise<CounterTicket> {
    return this.tickets.save(ticket);
  }

  /**
   * Waiting tickets come from the partial index counter_tickets_waiting; a day's tickets from the
   * numbers' index (tenant, office, day).
   */
  inState(
    tenantId: string,
    office: string,
    state: TicketState,
    day: string | null,
  ): Promise<CounterTicket[]> {
    const qb = this.tickets
      .createQueryBuilder('t')
      .where('t.tenant_id = :tenantId AND t.office = :office AND t.state = :state', {
        tenantId,
        office,
        state,
      });
    if (day !== null) qb.andWhere('t.day = :day', { day });
    return qb
      .orderBy('t.issued_at', 'ASC')
      .addOrderBy('length(t.display)', 'ASC')
      .addOrderBy('t.display', 'ASC')
      .getMany();
  }

  ofDay(tenantId: string, office: string, day: string): Promise<CounterTicket[]> {
    return this.tickets.find({ where: { tenantId, office, day }, order: { issuedAt: 'ASC' } });
  }

  ofSubject(tenantId: string, s: DataSubject): Promise<CounterTicket[]> {
    const emails = s.contacts.filter((c) => c.kind === 'email').map((c) => c.value);
    const phones = s.contacts.filter((c) => c.kind === 'phone').map((c) => c.value);
    return this.tickets
      .createQueryBuilder('t')
      .where('t.tenant_id = :tenantId', { tenantId })
      .andWhere(
        "(t.contact->>'email' IN (:...emails) OR t.contact->>'phone' IN (:...phones) OR t.case_reference IN (:...references))",
        {
          emails: emails.length ? emails : [''],
          phones: phones.length ? phones : [''],
          references: s.caseReferences.length ? s.caseReferences : [''],
        },
      )
      .orderBy('t.issued_at', 'ASC')
      .getMany();
  }
}
