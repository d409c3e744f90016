import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { APP_CONFIG } from '@city/platform-config';
import { ApiError, ApiQueryFrom, invalid, openApiSchema, parseBody } from '@city/platform-http';
import { actorLabel, Allow, City, CurrentActor, hasRole, type Actor } from '@city/platform-auth';
import { GetAgentProfileUseCase } from '../agents/get-agent-profile/get-agent-profile.usecase';
import { RecordPresenceUseCase } from '../agents/record-presence/record-presence.usecase';
import { SetAgentProfileUseCase } from '../agents/set-agent-profile/set-agent-profile.usecase';
import type { WorkflowConfig } from '../config';
import { AgentsLoadUseCase } from './agents-load/agents-load.usecase';
import { ListBySlaUseCase } from './list-by-sla/list-by-sla.usecase';
import { ReassignWorkItemUseCase } from './reassign-work-item/reassign-work-item.usecase';
import { ReturnToQueueUseCase } from './return-to-queue/return-to-queue.usecase';
import { SetWorkItemPriorityUseCase } from './set-work-item-priority/set-work-item-priority.usecase';
import { TakeNextUseCase } from './take-next/take-next.usecase';
import type { WorkItem, WorkItemState } from './work-item.entity';
import { WorkItemRepository } from './work-item.repository';
import { WorkItemSla, type SlaStanding } from './work-item-sla';

const name = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w.:@-]+$/, 'letters, digits and . : @ - _ only');
const agentProfileSchema = z
  .object({
    queues: z.array(name).min(1).max(50),
    skills: z.array(name).max(50).default([]),
    capacity: z.number().int().min(1).max(100).optional(),
  })
  .strict();
const agentActionSchema = z.object({}).strict();
const reassignSchema = z
  .object({ agentId: name.optional(), queue: name.optional() })
  .strict()
  .refine((b) => b.agentId || b.queue, { message: 'give agentId, queue or both', path: ['agentId'] });
const prioritySchema = z
  .object({
    priority: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], {
      error: 'one of 1 (most urgent), 2, 3, 4',
    }),
    reason: z
      .string()
      .trim()
      .min(1, 'some words, or leave it out')
      .max(500, 'at most 500 characters')
      .optional()
      .describe("Why, for the case's timeline"),
  })
  .strict();
const slaQuerySchema = z
  .object({
    sla: z
      .enum(['breached', 'at-risk'], { error: 'breached or at-risk' })
      .describe(
        "`breached`: the resolution clock's due time has passed; `at-risk`: its warning has gone out",
      ),
    limit: z.coerce
      .number({ error: 'a whole number from 1 to 500' })
      .int('a whole number from 1 to 500')
      .min(1, 'a whole number from 1 to 500')
      .max(500, 'a whole number from 1 to 500')
      .default(50),
  })
  .strict();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The resolution clock's standing, as the timers keep it (null when the case has no resolution clock). */
const slaView = (s: SlaStanding | null) =>
  s && {
    state: s.state,
    warnAt: s.warnAt?.toISOString() ?? null,
    dueAt: s.dueAt?.toISOString() ?? null,
  };

/** A work item as every route shows it, with its case's resolution clock (`sla`). */
export const workItemView = (w: WorkItem, sla: SlaStanding | null) => ({
  caseId: w.caseId,
  /** The case's city: another city's when this city works a service that city hands it. */
  city: w.tenantId,
  reference: w.reference,
  service: w.serviceCode,
  channel: w.channel,
  queue: w.queue,
  priority: w.priority,
  skills: w.skills,
  state: w.state,
  assignee: w.assignee,
  escalated: w.escalated,
  rule: w.routingRule,
  area: w.area,
  dueAt: {
    firstResponse: w.firstResponseDueAt?.toISOString() ?? null,
    resolution: w.resolutionDueAt?.toISOString() ?? null,
  },
  receivedAt: w.receivedAt.toISOString(),
  assignedAt: w.assignedAt?.toISOString() ?? null,
  sla: slaView(sla),
});

const ApiAgentId = () =>
  ApiParam({
    name: 'agentId',
    description: "`me` for the caller; another agent's id (e.g. agent-17) for a supervisor",
    example: 'me',
  });
const ApiCaseId = () => ApiParam({ name: 'caseId', description: "The case's id (a UUID)", format: 'uuid' });

const caseIdOf = (raw: string) => {
  if (!UUID.test(raw)) throw invalid([{ field: 'caseId', reason: 'not a case id' }]);
  return raw.toLowerCase();
};

/**
 * The agent a path names: `me` is the caller; anyone else's only for a supervisor (or, with
 * `othersToo` false, for nobody: an agent takes next, or reports presence, only for themselves;
 * `selfOnly` says which, when refused).
 */
function agentOf(
  actor: Actor,
  raw: string,
  othersToo: boolean,
  selfOnly = 'Agents take work for themselves only.',
): string {
  const id = raw === 'me' ? actor.name : parseBody(z.object({ agentId: name }), { agentId: raw }).agentId;
  if (id !== actor.name && !(othersToo && hasRole(actor, 'supervisor'))) {
    throw new ApiError(403, othersToo ? "Only a supervisor may act on another agent's work." : selfOnly);
  }
  return id;
}

/** Work queues for back-office and contact-centre agents. */
@ApiTags('work')
@Controller('api/v1')
export class WorkItemsHttpController {
  constructor(
    private readonly items: WorkItemRepository,
    private readonly takeNextItem: TakeNextUseCase,
    private readonly returnToQueue: ReturnToQueueUseCase,
    private readonly reassignItem: ReassignWorkItemUseCase,
    private readonly agentsLoad: AgentsLoadUseCase,
    private readonly setAgentProfile: SetAgentProfileUseCase,
    private readonly getAgentProfile: GetAgentProfileUseCase,
    private readonly recordPresence: RecordPresenceUseCase,
    private readonly listBySla: ListBySlaUseCase,
    private readonly setItemPriority: SetWorkItemPriorityUseCase,
    private readonly sla: WorkItemSla,
    @Inject(APP_CONFIG) private readonly config: WorkflowConfig,
  ) {}

  /** Items as the routes show them, with their resolution clocks read in one query for them all. */
  private async views(items: WorkItem[]) {
    const sla = await this.sla.of(items);
    return items.map((w) => workItemView(w, sla.get(w.caseId) ?? null));
  }

  private async view(item: WorkItem) {
    return (await this.views([item]))[0];
  }

  /**
   * Agents' load, for supervisors and operations: each work profile with the items held now, the
   * oldest of them, the earliest resolution due among them, and whether they are signed in.
   */
  @Get('agents')
  @Allow('supervisor', 'ops')
  @ApiOperation({
    summary: "Agents' load",
    description:
      'Each work profile with the items held now, the oldest of them, and the earliest resolution due among them; when they last reported being signed in (`lastSeenAt`, null when never) and whether that was within the last two minutes (`signedIn`: the console reports every 60 s).',
  })
  @ApiOkResponse({
    description:
      '`{ agents: [{ id, queues, skills, capacity, holding, free, oldestAssignedAt, nextDueAt, lastSeenAt, signedIn }] }`',
  })
  async load(@City() city: string) {
    const agents = await this.agentsLoad.execute(city);
    return {
      agents: agents.map((a) => ({
        id: a.id,
        queues: a.queues,
        skills: a.skills,
        capacity: a.capacity,
        holding: a.holding,
        free: a.free,
        oldestAssignedAt: a.oldestAssignedAt?.toISOString() ?? null,
        nextDueAt: a.nextDueAt?.toISOString() ?? null,
        lastSeenAt: a.lastSeenAt?.toISOString() ?? null,
        signedIn: a.signedIn,
      })),
    };
  }

  /** An agent's or clerk's work profile, read: what they may take, without setting it. */
  @Get('agents/:agentId')
  @Allow('agent', 'clerk', 'supervisor')
  @ApiOperation({
    summary: "An agent's work profile",
    description:
      "Queues, skills and languages, capacity. An agent reads their own (`me`); a supervisor anyone's.",
  })
  @ApiAgentId()
  @ApiOkResponse({ description: 'The profile: `{ id, queues, skills, capacity }`' })
  @ApiResponse({ status: 400, description: 'Not an agent id' })
  @ApiResponse({ status: 403, description: "Not allowed, or another agent's profile and not a supervisor" })
  @ApiResponse({ status: 404, description: 'The agent has no work profile' })
  async profile(@City() city: string, @Param('agentId') rawId: string, @CurrentActor() actor: Actor) {
    const agent = await this.getAgentProfile.execute(city, agentOf(actor, rawId, true));
    return { id: agent.id, queues: agent.queues, skills: agent.skills, capacity: agent.capacity };
  }

  /** An agent's or clerk's work profile: queues, skills and languages, capacity. */
  @Put('agents/:agentId')
  @Allow('agent', 'clerk', 'supervisor')
  @ApiOperation({
    summary: "Set an agent's work profile",
    description: "Queues, skills and languages, capacity. An agent sets their own; a supervisor anyone's.",
  })
  @ApiAgentId()
  @ApiBody({ schema: openApiSchema(agentProfileSchema) })
  @ApiOkResponse({ description: 'The profile: `{ id, queues, skills, capacity }`' })
  @ApiResponse({ status: 400, description: 'Not valid (each field at fault)' })
  @ApiResponse({ status: 403, description: "Not allowed, or another agent's profile and not a supervisor" })
  async setProfile(
    @City() city: string,
    @Param('agentId') rawId: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    const id = agentOf(actor, rawId, true);
    const b = parseBody(agentProfileSchema, body);
    const agent = await this.setAgentProfile.execute({
      tenantId: city,
      agentId: id,
      queues: b.queues,
      skills: b.skills,
      capacity: b.capacity ?? this.config.DEFAULT_AGENT_CAPACITY,
    });
    return { id, queues: agent.queues, skills: agent.skills, capacity: agent.capacity };
  }

  /** The most urgent item this agent can work, now theirs; 204 when there is none. */
  @Post('agents/:agentId/take-next')
  @Allow('agent', 'clerk', 'supervisor')
  @ApiOperation({
    summary: 'Take the next work item',
    description: 'The most urgent item this agent can work (their queues and skills), now theirs. No body.',
  })
  @ApiAgentId()
  @ApiOkResponse({ description: 'The work item, now assigned to the agent' })
  @ApiResponse({ status: 204, description: 'Nothing to take' })
  @ApiResponse({
    status: 403,
    description: 'Not allowed, or for another agent (agents take work for themselves only)',
  })
  @ApiResponse({ status: 404, description: 'The agent has no work profile' })
  @ApiResponse({ status: 409, description: 'The agent holds as many items as their capacity' })
  async takeNext(
    @City() city: string,
    @Param('agentId') rawId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const item = await this.takeNextItem.execute(city, agentOf(actor, rawId, false), actorLabel(actor));
    if (!item) {
      reply.status(204);
      return undefined;
    }
    reply.status(200);
    return this.view(item);
  }

  /** The caller is at work: the console reports it every 60 s while open, for the supervisors' live view. */
  @Post('agents/:agentId/presence')
  @Allow('agent', 'clerk', 'supervisor')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Report being signed in',
    description:
      "Stamps the caller's work profile with the service's time; `GET /api/v1/agents` shows them signed in for two minutes after. For the caller only (`me`). No body.",
  })
  @ApiParam({
    name: 'agentId',
    description: '`me`: the caller (presence is reported for oneself only)',
    example: 'me',
  })
  @ApiBody({ schema: openApiSchema(agentActionSchema), required: false })
  @ApiResponse({ status: 204, description: 'Recorded' })
  @ApiResponse({ status: 400, description: 'Not valid: a body other than `{}`, or not an agent id' })
  @ApiResponse({
    status: 403,
    description: 'Not allowed, or for another agent (presence is reported for oneself only)',
  })
  @ApiResponse({ status: 404, description: 'The agent has no work profile' })
  async presence(
    @City() city: string,
    @Param('agentId') rawId: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    const agentId = agentOf(actor, rawId, false, 'Agents report their own presence only.');
    parseBody(agentActionSchema, body ?? {});
    await this.recordPresence.execute(city, agentId);
  }

  /** What an agent holds now. */
  @Get('agents/:agentId/items')
  @Allow('agent', 'clerk', 'supervisor')
  @ApiOperation({ summary: 'What an agent holds now', description: "Their own; a supervisor's, anyone's." })
  @ApiAgentId()
  @ApiOkResponse({ description: '`{ items }`' })
  async held(@City() city: string, @Param('agentId') rawId: string, @CurrentActor() actor: Actor) {
    const agentId = agentOf(actor, rawId, true);
    const items = await this.items.heldBy(city, agentId);
    return { items: await this.views(items) };
  }

  /** A queue as a supervisor sees it: queued items in the order they will be taken. */
  @Get('queues/:queue/items')
  @Allow('agent', 'clerk', 'supervisor', 'ops')
  @ApiOperation({ summary: 'A queue', description: 'Its items in the order they will be taken.' })
  @ApiParam({ name: 'queue', description: 'The queue, e.g. highways' })
  @ApiQuery({
    name: 'state',
    required: false,
    enum: ['queued', 'assigned', 'done'],
    description: 'Default queued',
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  })
  @ApiOkResponse({ description: '`{ queue, state, items }`' })
  @ApiResponse({ status: 400, description: 'Not a queue name, not a state, or not a limit from 1 to 500' })
  async queue(
    @City() city: string,
    @Param('queue') rawQueue: string,
    @Query('state') state = 'queued',
    @Query('limit') rawLimit = '50',
  ) {
    // A queue is named as in agents' profiles (the fuzzer's NUL byte reached Postgres as a 500).
    const { queue } = parseBody(z.object({ queue: name }), { queue: rawQueue });
    if (!['queued', 'assigned', 'done'].includes(state))
      throw invalid([{ field: 'state', reason: 'one of queued, assigned, done' }]);
    const limit = Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw invalid([{ field: 'limit', reason: 'a whole number from 1 to 500' }]);
    const items = await this.items.inQueue(city, queue, state as WorkItemState, limit);
    return { queue, state, items: await this.views(items) };
  }

  /**
   * For supervisors: the open items whose service level is breached or at risk, the most overdue
   * first, by the resolution clock as the timers keep it (the clock `sla` shows on every item).
   */
  @Get('work-items')
  @Allow('supervisor', 'ops')
  @ApiOperation({
    summary: 'Work items breached or at risk',
    description:
      "Open (queued or assigned) items whose resolution clock has breached (`sla=breached`) or warned (`sla=at-risk`), the earliest due first. Each is a work item with its `sla`: the clock's state, warning and due time, as the SLA timers keep it.",
  })
  @ApiQueryFrom(slaQuerySchema)
  @ApiOkResponse({ description: '`{ sla, items }`: the work items, each with its `sla`' })
  @ApiResponse({ status: 400, description: 'Not valid (each field at fault): sla, limit from 1 to 500' })
  async bySla(@City() city: string, @Query() raw: Record<string, string>) {
    const q = parseBody(slaQuerySchema, raw ?? {});
    const rows = await this.listBySla.execute({
      tenantId: city,
      sla: q.sla,
      limit: q.limit,
    });
    return { sla: q.sla, items: rows.map((r) => workItemView(r.item, r.sla)) };
  }

  @Get('work-items/:caseId')
  @Allow('agent', 'clerk', 'supervisor', 'ops')
  @ApiOperation({ summary: "A case's work item" })
  @ApiCaseId()
  @ApiOkResponse({ description: 'The work item, with its `sla`' })
  @ApiResponse({ status: 400, description: 'Not a case id' })
  @ApiResponse({ status: 404, description: 'No work item for that case' })
  async one(@City() city: string, @Param('caseId') raw: string) {
    const item = await this.items.find(caseIdOf(raw), city);
    if (!item) throw new ApiError(404, `No work item for case ${raw}.`);
    return this.view(item);
  }

  /** The agent who holds an item gives it back to its queue. */
  @Post('work-items/:caseId/return')
  @Allow('agent', 'clerk', 'supervisor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a work item back to its queue', description: 'By the agent who holds it.' })
  @ApiCaseId()
  @ApiBody({ schema: openApiSchema(agentActionSchema), required: false })
  @ApiOkResponse({ description: 'The work item, queued again' })
  @ApiResponse({ status: 400, description: 'Not valid, or not a case id' })
  @ApiResponse({ status: 404, description: 'No work item for that case' })
  @ApiResponse({ status: 409, description: 'The caller does not hold it, or its work is done' })
  async giveBack(
    @City() city: string,
    @Param('caseId') raw: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    parseBody(agentActionSchema, body ?? {});
    return this.view(await this.returnToQueue.execute(city, caseIdOf(raw), actor.name, actorLabel(actor)));
  }

  /** A supervisor moves an item to another agent or queue. */
  @Post('work-items/:caseId/reassign')
  @Allow('supervisor')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a work item to another agent or queue' })
  @ApiCaseId()
  @ApiBody({ schema: openApiSchema(reassignSchema) })
  @ApiOkResponse({ description: 'The work item as it is now' })
  @ApiResponse({ status: 400, description: 'Not valid: give agentId, queue or both' })
  @ApiResponse({ status: 404, description: 'No work item for that case, or the agent has no work profile' })
  @ApiResponse({ status: 409, description: 'The agent is at capacity, or the work is done' })
  async reassign(
    @City() city: string,
    @Param('caseId') raw: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    const b = parseBody(reassignSchema, body);
    return this.view(
      await this.reassignItem.execute({
        tenantId: city,
        caseId: caseIdOf(raw),
        to: { agentId: b.agentId, queue: b.queue },
        by: actorLabel(actor),
      }),
    );
  }

  /** A supervisor makes an item more or less urgent; the case record is told. */
  @Post('work-items/:caseId/priority')
  @Allow('supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary: "Set a work item's priority",
    description:
      'From 1 (most urgent) to 4: "take next" takes by priority first, then resolution due, then age. The case record is told (CaseRouted, rule `priority-set:<who>`, with the reason). The same priority again changes nothing.',
  })
  @ApiCaseId()
  @ApiBody({ schema: openApiSchema(prioritySchema) })
  @ApiOkResponse({ description: 'The work item as it is now' })
  @ApiResponse({ status: 400, description: 'Not valid (each field at fault), or not a case id' })
  @ApiResponse({ status: 404, description: 'No work item for that case' })
  @ApiResponse({ status: 409, description: 'Its work is done' })
  async setPriority(
    @City() city: string,
    @Param('caseId') raw: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    const b = parseBody(prioritySchema, body);
    return this.view(
      await this.setItemPriority.execute({
        tenantId: city,
        caseId: caseIdOf(raw),
        priority: b.priority,
        reason: b.reason ?? null,
        by: actorLabel(actor),
      }),
    );
  }
}
