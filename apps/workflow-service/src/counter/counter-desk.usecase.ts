import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager } from 'typeorm';
import { counterVisitEndedV1, createEnvelope, TOPICS } from '@city/contracts';
import { enqueueEvents, tableName } from '@city/platform-database';
import { ApiError } from '@city/platform-http';
import { Agent } from '../agents/agent.entity';
import { CLOCK, type Clock } from '../clock';
import type { RoutingConfig } from '../routing/routing-config';
import { ROUTING_CONFIG } from '../routing/routing.tokens';
import { CounterTicket } from './counter-ticket.entity';

/** How far back "clerks serving this queue now" looks. */
const ACTIVE_CLERK_MINUTES = 30;
/** Tickets go in the order they were taken; a tie in time by number (P999 before P1000, which text order would not give). */
const IN_TURN = 'issued_at, length(display), display';

/**
 * The town-hall counters. A citizen takes a ticket for a service (numbered per queue and day, A001)
 * and sees an estimated wait; the next free clerk whose work profile covers the queue calls the
 * longest-waiting ticket; a ticket can be transferred to another queue (keeping its place) or marked
 * no-show; when the visit ends it goes out as CounterVisitEnded, and the case record keeps it as a
 * counter-visit interaction.
 */
@Injectable()
export class CounterDeskUseCase {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ROUTING_CONFIG) private readonly routing: RoutingConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private get counters() {
    if (!this.routing.counters)
      throw new ApiError(404, 'This city has no counters configured (routing.yaml: counters).');
    return this.routing.counters;
  }

  private office(id: string) {
    const o = this.counters.offices.find((x) => x.id === id);
    if (!o)
      throw new ApiError(404, `No office ${id}.`, [
        { field: 'office', reason: `one of ${this.counters.offices.map((x) => x.id).join(', ')}` },
      ]);
    return o;
  }

  queueOf(serviceCode: string | null): { id: string; letter: string } {
    const c = this.counters;
    return (
      c.queues.find((q) => serviceCode !== null && q.services.includes(serviceCode)) ??
      c.queues.find((q) => q.id === c.defaultQueue)!
    );
  }

  private today(now: Date): string {
    return DateTime.fromJSDate(now, { zone: this.routing.calendar.timeZone }).toISODate()!;
  }

  /** Minutes until a waiting ticket is likely called: those ahead, times today's minutes per visit, over the clerks serving the queue now. */
  async estimateMinutes(m: EntityManager, t: CounterTicket): Promise<number> {
    const table = tableName(m, CounterTicket);
    const now = this.clock.now();
    const [row] = await m.query(
      `SELECT (SELECT count(*) FROM ${table} WHERE tenant_id = $1 AND office = $2 AND queue = $3 AND state = 'waiting' AND (${IN_TURN}) < ($4, length($7::text), $7))::int AS ahead,
              (SELECT avg(extract(epoch FROM ended_at - called_at) / 60) FROM ${table} WHERE tenant_id = $1 AND office = $2 AND queue = $3 AND day = $5 AND state = 'done' AND called_at IS NOT NULL) AS minutes,
              (SELECT count(DISTINCT clerk_id) FROM ${table} WHERE tenant_id = $1 AND office = $2 AND queue = $3 AND called_at > $6)::int AS clerks`,
      [
        t.tenantId,
        t.office,
        t.queue,
        t.issuedAt,
        t.day,
        new Date(now.getTime() - ACTIVE_CLERK_MINUTES * 60_000),
        t.display,
      ],
    );
    const perVisit = row.minutes === null ? this.counters.minutesPerVisit : Number(row.minutes);
    return Math.round(((row.ahead + 1) * perVisit) / Math.max(1, row.clerks));
  }

  takeTicket(
    tenantId: string,
    officeId: string,
    serviceCode: string | null,
    contact: CounterTicket['contact'],
  ): Promise<{ ticket: CounterTicket; estimatedWaitMinutes: number }> {
    this.office(officeId);
    const queue = this.queueOf(serviceCode);
    return this.dataSource.transaction(async (m) => {
      const now = this.clock.now();
      const day = this.today(now);
      // Numbers are handed out one at a time per office, queue and day. They keep growing all day
      // (P999, then P1000): the number is the ticket's identity for the day (unique per office), so
      // it never starts again at P001 while a citizen may still hold the morning's P001.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `${tenantId}/ticket/${officeId}/${day}/${queue.id}`,
      ]);
      const [{ last }] = await m.query(
        `SELECT coalesce(max(substring(display FROM 2)::int), 0)::int AS last FROM ${tableName(m, CounterTicket)} WHERE tenant_id = $1 AND office = $2 AND day = $3 AND display LIKE $4`,
        [tenantId, officeId, day, `${queue.letter}%`],
      );
      const ticket = await m.getRepository(CounterTicket).save(
        m.getRepository(CounterTicket).create({
          tenantId,
          office: officeId,
          queue: queue.id,
          day,
          display: `${queue.letter}${String(last + 1).padStart(3, '0')}`,
          serviceCode,
          state: 'waiting',
          contact,
          issuedAt: now,
          calledAt: null,
          clerkId: null,
          counter: null,
          endedAt: null,
          caseReference: null,
        }),
      );
      return { ticket, estimatedWaitMinutes: await this.estimateMinutes(m, ticket) };
    });
  }

  /** The next free clerk calls the longest-waiting ticket of the queues their profile covers, at their office. */
  callNext(
    tenantId: string,
    officeId: string,
    clerkId: string,
    counter: string,
  ): Promise<CounterTicket | null> {
    this.office(officeId);
    return this.dataSource.transaction(async (m) => {
      const clerk = await m.getRepository(Agent).findOneBy({ tenantId, id: clerkId });
      if (!clerk)
        throw new ApiError(
          404,
          `No work profile for ${clerkId}; set one with PUT /api/v1/agents/${clerkId}.`,
        );
      const [row] = await m.query(
        `SELECT id FROM ${tableName(m, CounterTicket)} WHERE tenant_id = $1 AND office = $2 AND state = 'waiting' AND queue = ANY($3::text[]) ORDER BY ${IN_TURN} LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [tenantId, officeId, clerk.queues],
      );
      if (!row) return null;
      const t = await m.getRepository(CounterTicket).findOneByOrFail({ id: row.id });
      Object.assign(t, { state: 'called', clerkId, counter, calledAt: this.clock.now() });
      return m.getRepository(CounterTicket).save(t);
    });
  }

  private locked(m: EntityManager, tenantId: string, id: string): Promise<CounterTicket> {
    return m
      .getRepository(CounterTicket)
      .createQueryBuilder('t')
      .where('t.tenant_id = :tenantId AND t.id = :id', { tenantId, id })
      .setLock('pessimistic_write')
      .getOne()
      .then((t) => {
        if (!t) throw new ApiError(404, `No ticket ${id}.`);
        return t;
      });
  }

  /** The visit ended: served (with the case it opened or concerned, if any) or a no-show. */
  end(
    tenantId: string,
    id: string,
    clerkId: string,
    outcome: 'served' | 'no-show',
    caseReference: string | null,
  ): Promise<CounterTicket> {
    return this.dataSource.transaction(async (m) => {
      const t = await this.locked(m, tenantId, id);
      if (t.state !== 'called')
        throw new ApiError(409, `Ticket ${t.display} is ${t.state}; only a called ticket can end.`);
      if (t.clerkId !== clerkId)
        throw new ApiError(409, `Ticket ${t.display} was called by ${t.clerkId}.`, [
          { field: 'clerkId', reason: 'not the clerk who called it' },
        ]);
      const now = this.clock.now();
      Object.assign(t, { state: outcome === 'served' ? 'done' : 'no-show', endedAt: now, caseReference });
      await m.getRepository(CounterTicket).save(t);
      await enqueueEvents(m, [
        {
          topic: TOPICS.workflowEvents,
          key: t.id,
          event: createEnvelope(counterVisitEndedV1, {
            tenantId,
            correlationId: t.id,
            payload: {
              ticketId: t.id,
              ticket: t.display,
              office: t.office,
              counter: t.counter,
              queue: t.queue,
              serviceCode: t.serviceCode,
              clerkId: t.clerkId,
              outcome,
              caseReference,
              contact: t.contact,
              issuedAt: t.issuedAt.toISOString(),
              calledAt: t.calledAt?.toISOString() ?? null,
              endedAt: now.toISOString(),
              waitedMinutes: t.calledAt
                ? Math.round((t.calledAt.getTime() - t.issuedAt.getTime()) / 60_000)
                : null,
            },
          }),
        },
      ]);
      return t;
    });
  }

  /** Sent on to another queue, keeping the place the citizen earned by waiting. */
  transfer(tenantId: string, id: string, clerkId: string, queue: string): Promise<CounterTicket> {
    if (!this.counters.queues.some((q) => q.id === queue))
      throw new ApiError(400, 'No such counter queue.', [
        { field: 'queue', reason: `one of ${this.counters.queues.map((q) => q.id).join(', ')}` },
      ]);
    return this.dataSource.transaction(async (m) => {
      const t = await this.locked(m, tenantId, id);
      if (t.state !== 'called' || t.clerkId !== clerkId)
        throw new ApiError(409, `Ticket ${t.display} is not being served by ${clerkId}.`);
      Object.assign(t, { state: 'waiting', queue, clerkId: null, counter: null, calledAt: null });
      return m.getRepository(CounterTicket).save(t);
    });
  }

  /** The screen of an office: who is called to which counter, and how many wait in each queue. */
  async board(tenantId: string, officeId: string) {
    const office = this.office(officeId);
    const today = this.today(this.clock.now());
    const tickets = await this.dataSource
      .getRepository(CounterTicket)
      .find({ where: { tenantId, office: officeId, day: today }, order: { issuedAt: 'ASC' } });
    return {
      office,
      called: tickets
        .filter((t) => t.state === 'called')
        .map((t) => ({ ticket: t.display, counter: t.counter })),
      queues: this.counters.queues.map((q) => ({
        queue: q.id,
        letter: q.letter,
        waiting: tickets.filter((t) => t.state === 'waiting' && t.queue === q.id).length,
      })),
    };
  }

  async estimate(tenantId: string, id: string) {
    const t = await this.dataSource.getRepository(CounterTicket).findOneBy({ tenantId, id });
    if (!t) throw new ApiError(404, `No ticket ${id}.`);
    return {
      ticket: t,
      estimatedWaitMinutes:
        t.state === 'waiting' ? await this.estimateMinutes(this.dataSource.manager, t) : 0,
    };
  }
}
