import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { REFERENCE_PATTERN } from '@city/contracts';
import { normalizePhone } from '@city/domain-intake';
import { APP_CONFIG } from '@city/platform-config';
import { invalid, parseBody } from '@city/platform-http';
import type { WorkflowConfig } from '../config';
import type { CounterTicket } from './counter-ticket.entity';
import { CounterDeskUseCase } from './counter-desk.usecase';

const name = z.string().trim().min(1).max(100).regex(/^[\w.:@-]+$/, 'letters, digits and . : @ - _ only');
const takeTicketSchema = z
  .object({
    serviceCode: z.string().trim().min(1).max(64).optional(),
    /** To keep the visit on the citizen's record (optional). */
    email: z.email().max(254).optional(),
    phone: z.string().trim().max(32).optional(),
  })
  .strict();
const callSchema = z.object({ clerkId: name, counter: z.string().trim().min(1).max(20) }).strict();
const endSchema = z.object({ clerkId: name, caseReference: z.string().trim().regex(REFERENCE_PATTERN, 'a case reference such as EA49-HVS1-TVR').optional() }).strict();
const clerkSchema = z.object({ clerkId: name }).strict();
const transferSchema = z.object({ clerkId: name, queue: z.string().trim().min(1).max(64) }).strict();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ticketView = (t: CounterTicket) => ({
  id: t.id,
  ticket: t.display,
  office: t.office,
  queue: t.queue,
  service: t.serviceCode,
  state: t.state,
  counter: t.counter,
  clerkId: t.clerkId,
  issuedAt: t.issuedAt.toISOString(),
  calledAt: t.calledAt?.toISOString() ?? null,
  endedAt: t.endedAt?.toISOString() ?? null,
  caseReference: t.caseReference,
});

const idOf = (raw: string) => {
  if (!UUID.test(raw)) throw invalid([{ field: 'ticketId', reason: 'not a ticket id' }]);
  return raw.toLowerCase();
};

/** Town-hall counters: tickets for citizens, "call next" for clerks, the office screen. */
@Controller('api/v1/counters')
export class CounterHttpController {
  constructor(
    private readonly desk: CounterDeskUseCase,
    @Inject(APP_CONFIG) private readonly config: WorkflowConfig,
  ) {}

  /** A citizen takes a ticket (at the kiosk by the door, or from the clerk at reception). */
  @Post(':office/tickets')
  @HttpCode(201)
  async take(@Param('office') office: string, @Body() body: unknown) {
    const b = parseBody(takeTicketSchema, body ?? {});
    let phone: string | null = null;
    if (b.phone) {
      phone = normalizePhone(b.phone, 'NL');
      if (!phone) throw invalid([{ field: 'phone', reason: 'not a phone number' }]);
    }
    const contact = b.email || phone ? { email: b.email?.toLowerCase() ?? null, phone } : null;
    const { ticket, estimatedWaitMinutes } = await this.desk.takeTicket(this.config.TENANT_ID, office, b.serviceCode ?? null, contact);
    return { ...ticketView(ticket), estimatedWaitMinutes };
  }

  @Get(':office/tickets/:id')
  async one(@Param('id') id: string) {
    const { ticket, estimatedWaitMinutes } = await this.desk.estimate(this.config.TENANT_ID, idOf(id));
    return { ...ticketView(ticket), estimatedWaitMinutes };
  }

  /** The next free clerk calls the longest-waiting ticket they can serve; 204 when nobody waits. */
  @Post(':office/call-next')
  async callNext(@Param('office') office: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const b = parseBody(callSchema, body);
    const t = await this.desk.callNext(this.config.TENANT_ID, office, b.clerkId, b.counter);
    reply.status(t ? 200 : 204);
    return t ? ticketView(t) : undefined;
  }

  @Post(':office/tickets/:id/done')
  @HttpCode(200)
  async done(@Param('id') id: string, @Body() body: unknown) {
    const b = parseBody(endSchema, body);
    return ticketView(await this.desk.end(this.config.TENANT_ID, idOf(id), b.clerkId, 'served', b.caseReference ?? null));
  }

  @Post(':office/tickets/:id/no-show')
  @HttpCode(200)
  async noShow(@Param('id') id: string, @Body() body: unknown) {
    return ticketView(await this.desk.end(this.config.TENANT_ID, idOf(id), parseBody(clerkSchema, body).clerkId, 'no-show', null));
  }

  @Post(':office/tickets/:id/transfer')
  @HttpCode(200)
  async transfer(@Param('id') id: string, @Body() body: unknown) {
    const b = parseBody(transferSchema, body);
    return ticketView(await this.desk.transfer(this.config.TENANT_ID, idOf(id), b.clerkId, b.queue));
  }

  /** The screen above the counters. */
  @Get(':office/board')
  board(@Param('office') office: string) {
    return this.desk.board(this.config.TENANT_ID, office);
  }
}
