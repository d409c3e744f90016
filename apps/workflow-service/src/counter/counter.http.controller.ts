import { applyDecorators, Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ListOfficesUseCase } from './list-offices/list-offices.usecase';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { REFERENCE_PATTERN, type CounterTicketView } from '@city/contracts';
import { normalizePhone } from '@city/domain-intake';
import { ApiError, ApiQueryFrom, invalid, openApiSchema, parseBody, RateLimit } from '@city/platform-http';
import { Allow, City, CurrentActor, hasRole, Public, type Actor } from '@city/platform-auth';
import type { CounterTicket } from './counter-ticket.entity';
import { CallNextTicketUseCase } from './call-next-ticket/call-next-ticket.usecase';
import { GetTicketUseCase } from './get-ticket/get-ticket.usecase';
import { ListTicketsUseCase } from './list-tickets/list-tickets.usecase';
import { MarkNoShowUseCase } from './mark-no-show/mark-no-show.usecase';
import { ServeTicketUseCase } from './serve-ticket/serve-ticket.usecase';
import { ShowBoardUseCase } from './show-board/show-board.usecase';
import { TakeTicketUseCase } from './take-ticket/take-ticket.usecase';
import { TransferTicketUseCase } from './transfer-ticket/transfer-ticket.usecase';

const takeTicketSchema = z
  .object({
    serviceCode: z.string().trim().min(1).max(64).optional(),
    /** To keep the visit on the citizen's record (optional). */
    email: z.email().max(254).optional(),
    phone: z.string().trim().max(32).optional(),
  })
  .strict();
const callSchema = z.object({ counter: z.string().trim().min(1).max(20) }).strict();
const endSchema = z
  .object({
    caseReference: z
      .string()
      .trim()
      .regex(REFERENCE_PATTERN, 'a case reference such as EA49-HVS1-TVR')
      .optional(),
  })
  .strict();
const clerkSchema = z.object({}).strict();
const transferSchema = z.object({ queue: z.string().trim().min(1).max(64) }).strict();
const ticketsQuerySchema = z
  .object({
    state: z
      .enum(['waiting', 'called'], { error: 'waiting or called' })
      .default('waiting')
      .describe("`waiting` (default): every ticket still waiting; `called`: today's, at their counters"),
  })
  .strict();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A ticket as the routes give it: the contracts' view, which the console and the kiosk read. */
const ticketView = (t: CounterTicket): CounterTicketView => ({
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

const ApiOffice = () => ApiParam({ name: 'office', description: 'The office, e.g. town-hall' });
const ApiTicketId = () => ApiParam({ name: 'id', description: "The ticket's id (a UUID)", format: 'uuid' });
/** The errors of a clerk's action on a ticket. */
const ApiClerkAction = () =>
  applyDecorators(
    ApiResponse({ status: 400, description: 'Not valid (each field at fault), or not a ticket id' }),
    ApiResponse({
      status: 403,
      description: "Not a clerk or supervisor of this city, or a clerk at another office than their token's",
    }),
    ApiResponse({ status: 404, description: 'No such office or ticket' }),
    ApiResponse({
      status: 409,
      description: 'The ticket is not in a state for this, or another clerk called it',
    }),
  );

const idOf = (raw: string) => {
  if (!UUID.test(raw)) throw invalid([{ field: 'ticketId', reason: 'not a ticket id' }]);
  return raw.toLowerCase();
};

/**
 * The clerk acting, from their token: a clerk runs (and sees the tickets of) the counters of the
 * office their token names (a clerk whose account names no office runs none); a supervisor may lend
 * a hand at any office.
 */
function clerkAt(actor: Actor, office: string): string {
  if (hasRole(actor, 'supervisor')) return actor.name;
  if (!actor.office)
    throw new ApiError(
      403,
      'Your account names no office; ask an administrator to set the office of your account.',
    );
  if (actor.office !== office)
    throw new ApiError(403, `You run the counters of ${actor.office}, not ${office}.`);
  return actor.name;
}

/** Town-hall counters: tickets for citizens, "call next" for clerks, the office screen. */
@ApiTags('counters')
@Controller('api/v1/counters')
export class CounterHttpController {
  constructor(
    private readonly takeTicket: TakeTicketUseCase,
    private readonly getTicket: GetTicketUseCase,
    private readonly callNextTicket: CallNextTicketUseCase,
    private readonly serveTicket: ServeTicketUseCase,
    private readonly markNoShow: MarkNoShowUseCase,
    private readonly transferTicket: TransferTicketUseCase,
    private readonly showBoard: ShowBoardUseCase,
    private readonly listTickets: ListTicketsUseCase,
    private readonly listOffices: ListOfficesUseCase,
  ) {}

  /** A citizen takes a ticket (at the kiosk by the door, or from the clerk at reception). */
  @Post(':office/tickets')
  @ApiOperation({
    summary: 'Take a ticket',
    description:
      "At the kiosk by the door, or from the clerk at reception; an email or phone keeps the visit on the citizen's record.",
  })
  @ApiOffice()
  @ApiBody({ schema: openApiSchema(takeTicketSchema), required: false })
  @ApiResponse({ status: 201, description: 'The ticket, with the estimated wait in minutes' })
  @ApiResponse({ status: 400, description: 'Not valid (each field at fault)' })
  @ApiResponse({ status: 404, description: 'No such office' })
  @ApiResponse({ status: 429, description: 'Too many tickets from this client (Retry-After)' })
  @RateLimit('ticket')
  @Public('citizens take a ticket at the door of the office, signed in or not')
  @HttpCode(201)
  async take(@City() city: string, @Param('office') office: string, @Body() body: unknown) {
    const b = parseBody(takeTicketSchema, body ?? {});
    let phone: string | null = null;
    if (b.phone) {
      phone = normalizePhone(b.phone, 'NL');
      if (!phone) throw invalid([{ field: 'phone', reason: 'not a phone number' }]);
    }
    const contact = b.email || phone ? { email: b.email?.toLowerCase() ?? null, phone } : null;
    const { ticket, estimatedWaitMinutes } = await this.takeTicket.execute({
      tenantId: city,
      office,
      serviceCode: b.serviceCode ?? null,
      contact,
    });
    return { ...ticketView(ticket), estimatedWaitMinutes };
  }

  /** The clerks' view of an office: its tickets waiting, or called, in turn. */
  @Get(':office/tickets')
  @Allow('clerk', 'supervisor')
  @ApiOperation({
    summary: "An office's tickets, waiting or called",
    description:
      "In turn, the oldest first. `waiting`: every ticket still waiting, as call-next takes them; `called`: today's, with their counter and clerk. A clerk sees their own office only (their token's office); a supervisor any.",
  })
  @ApiOffice()
  @ApiQueryFrom(ticketsQuerySchema)
  @ApiOkResponse({
    description:
      '`{ office, state, tickets }`, each ticket as the other routes give it: id, ticket, office, queue, service, state, counter, clerkId, issuedAt, calledAt, endedAt, caseReference',
  })
  @ApiResponse({ status: 400, description: 'Not valid (each field at fault): state' })
  @ApiResponse({
    status: 403,
    description: "Not a clerk or supervisor of this city, or a clerk at another office than their token's",
  })
  @ApiResponse({ status: 404, description: 'No such office' })
  async tickets(
    @City() city: string,
    @Param('office') office: string,
    @Query() raw: Record<string, string>,
    @CurrentActor() actor: Actor,
  ) {
    const q = parseBody(ticketsQuerySchema, raw ?? {});
    clerkAt(actor, office);
    const tickets = await this.listTickets.execute({
      tenantId: city,
      office,
      state: q.state,
    });
    return { office, state: q.state, tickets: tickets.map(ticketView) };
  }

  @Get(':office/tickets/:id')
  @ApiOperation({ summary: 'A ticket: its number, state and estimated wait' })
  @ApiOffice()
  @ApiTicketId()
  @ApiOkResponse({ description: 'The ticket, with the estimated wait in minutes' })
  @ApiResponse({ status: 404, description: 'No such ticket' })
  @Public("a citizen's own ticket by its unguessable id: number, state and estimated wait")
  async one(@City() city: string, @Param('id') id: string) {
    const { ticket, estimatedWaitMinutes } = await this.getTicket.execute(city, idOf(id));
    return { ...ticketView(ticket), estimatedWaitMinutes };
  }

  /** The next free clerk calls the longest-waiting ticket they can serve; 204 when nobody waits. */
  @Post(':office/call-next')
  @Allow('clerk', 'supervisor')
  @ApiOperation({
    summary: 'Call the next ticket',
    description:
      "The longest-waiting ticket this clerk can serve, to their counter. A clerk calls at their own office only (their token's office); a supervisor at any.",
  })
  @ApiOffice()
  @ApiBody({ schema: openApiSchema(callSchema) })
  @ApiOkResponse({ description: 'The ticket called' })
  @ApiResponse({ status: 204, description: 'Nobody is waiting' })
  @ApiResponse({ status: 400, description: 'Not valid (each field at fault)' })
  @ApiResponse({
    status: 403,
    description: "Not a clerk or supervisor of this city, or a clerk at another office than their token's",
  })
  @ApiResponse({ status: 404, description: 'No such office, or the clerk has no work profile' })
  async callNext(
    @City() city: string,
    @Param('office') office: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const b = parseBody(callSchema, body);
    const t = await this.callNextTicket.execute({
      tenantId: city,
      office,
      clerkId: clerkAt(actor, office),
      counter: b.counter,
    });
    reply.status(t ? 200 : 204);
    return t ? ticketView(t) : undefined;
  }

  @Post(':office/tickets/:id/done')
  @Allow('clerk', 'supervisor')
  @HttpCode(200)
  @ApiOperation({ summary: 'A ticket served', description: 'With the case it led to, if any.' })
  @ApiOffice()
  @ApiTicketId()
  @ApiBody({ schema: openApiSchema(endSchema), required: false })
  @ApiOkResponse({ description: 'The ticket, ended' })
  @ApiClerkAction()
  async done(
    @City() city: string,
    @Param('office') office: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    const b = parseBody(endSchema, body ?? {});
    return ticketView(
      await this.serveTicket.execute({
        tenantId: city,
        ticketId: idOf(id),
        clerkId: clerkAt(actor, office),
        caseReference: b.caseReference ?? null,
      }),
    );
  }

  @Post(':office/tickets/:id/no-show')
  @Allow('clerk', 'supervisor')
  @HttpCode(200)
  @ApiOperation({ summary: 'A called citizen did not come' })
  @ApiOffice()
  @ApiTicketId()
  @ApiBody({ schema: openApiSchema(clerkSchema), required: false })
  @ApiOkResponse({ description: 'The ticket, ended' })
  @ApiClerkAction()
  async noShow(
    @City() city: string,
    @Param('office') office: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    parseBody(clerkSchema, body ?? {});
    return ticketView(
      await this.markNoShow.execute({
        tenantId: city,
        ticketId: idOf(id),
        clerkId: clerkAt(actor, office),
      }),
    );
  }

  @Post(':office/tickets/:id/transfer')
  @Allow('clerk', 'supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a ticket to another queue',
    description: 'The citizen waits there in turn.',
  })
  @ApiOffice()
  @ApiTicketId()
  @ApiBody({ schema: openApiSchema(transferSchema) })
  @ApiOkResponse({ description: 'The ticket, in its new queue' })
  @ApiClerkAction()
  async transfer(
    @City() city: string,
    @Param('office') office: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    const b = parseBody(transferSchema, body);
    return ticketView(
      await this.transferTicket.execute({
        tenantId: city,
        ticketId: idOf(id),
        clerkId: clerkAt(actor, office),
        queue: b.queue,
      }),
    );
  }

  /** The offices with counters, for the screens that pick one (a supervisor's, a display's set-up). */
  @Get()
  @ApiOperation({ summary: "The city's offices with counters", description: 'Their ids and names.' })
  @ApiOkResponse({ description: '`{ offices: [{ id, name }] }`' })
  @ApiResponse({ status: 404, description: 'This city has no counters configured' })
  @Public('the names of the city’s offices, as on its website')
  offices(@City() city: string) {
    return this.listOffices.execute(city);
  }

  /** The screen above the counters. */
  @Get(':office/board')
  @ApiOperation({
    summary: 'The screen above the counters',
    description: 'Ticket numbers and counters, nothing personal.',
  })
  @ApiOffice()
  @ApiOkResponse({ description: 'The tickets called and waiting' })
  @Public('the waiting-room screen: ticket numbers and counters, nothing personal')
  board(@City() city: string, @Param('office') office: string) {
    return this.showBoard.execute(city, office);
  }
}
