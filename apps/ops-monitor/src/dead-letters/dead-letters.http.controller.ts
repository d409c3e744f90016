import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { actorLabel, Allow, CurrentActor, TokenVerifier, type Actor, type Role } from '@city/platform-auth';
import { ApiError, ApiQueryFrom, openApiSchema, parseBody } from '@city/platform-http';
import { DEAD_LETTER_SOURCES, LETTER_ID, letterId, placeOf, stateOf, type DeadLetter } from './dead-letter';
import { ListDeadLettersUseCase } from './list-dead-letters/list-dead-letters.usecase';
import { ReplayDeadLettersUseCase } from './replay-dead-letters/replay-dead-letters.usecase';

const topic = z
  .string({ error: `one of ${DEAD_LETTER_SOURCES.join(', ')}` })
  .refine((t) => DEAD_LETTER_SOURCES.includes(t), `one of ${DEAD_LETTER_SOURCES.join(', ')}`)
  .describe('The original topic, as contracts name it (its dead letters are on `<topic>.dlq`)');

const listQuery = z
  .object({
    topic: topic.optional(),
    replayed: z
      .enum(['true', 'false'], { error: 'true or false' })
      .optional()
      .describe('`true`: only the letters put back; `false`: only those not put back (waiting, or gone)'),
    limit: z.coerce
      .number({ error: 'a whole number from 1 to 500' })
      .int('a whole number from 1 to 500')
      .min(1, 'a whole number from 1 to 500')
      .max(500, 'a whole number from 1 to 500')
      .default(100),
  })
  .strict();

const replayBody = z
  .object({
    topic,
    ids: z
      .array(
        z
          .string()
          .regex(LETTER_ID, 'partition/offset on the dead-letter topic, e.g. 0/42')
          .transform((id) => letterId(placeOf(id))),
      )
      .min(1, 'at least one id, or leave ids out for every waiting letter of the topic')
      .max(500, 'at most 500 at a time')
      .optional()
      .describe(
        "The letters' ids (`partition/offset` on `<topic>.dlq`, as the list gives them); absent: every waiting letter of the topic",
      ),
  })
  .strict();

/** A letter as operations see it: never its payload. */
const view = (l: DeadLetter) => ({
  id: letterId(l),
  topic: l.topic,
  state: stateOf(l),
  failedAt: l.failedAt.toISOString(),
  error: l.error,
  consumerGroup: l.consumerGroup,
  attempts: l.attempts,
  eventType: l.eventType,
  eventVersion: l.eventVersion,
  eventId: l.eventId,
  tenantId: l.tenantId,
  correlationId: l.correlationId,
  key: l.key,
  original: { partition: l.originalPartition, offset: l.originalOffset },
  replayOf: l.replayOf,
  replayed: l.replayedAt ? { at: l.replayedAt.toISOString(), by: l.replayedBy, replayId: l.replayId } : null,
  expiredAt: l.expiredAt?.toISOString() ?? null,
});

@ApiTags('dead-letters')
@Controller('api/v1/dead-letters')
export class DeadLettersHttpController {
  constructor(
    private readonly listLetters: ListDeadLettersUseCase,
    private readonly replayLetters: ReplayDeadLettersUseCase,
    private readonly tokens: TokenVerifier,
  ) {}

  /** Dead letters hold every city's events: they are the deployment's, run by its own city's staff. */
  private operatorsOnly(actor: Actor, roles: Role[]): void {
    if (!this.tokens.isOperator(actor, roles))
      throw new ApiError(
        403,
        "Dead letters are the deployment's: only its own city's operations staff and administrators see them.",
      );
  }

  @Get()
  @Allow('ops', 'admin')
  @ApiQueryFrom(listQuery)
  @ApiOperation({
    summary: 'Dead letters per topic, with their reasons',
    description:
      'The messages consumers gave up on (each topic’s `<topic>.dlq`), as read from those topics. Answers `{ topics, letters }`. `topics`: every topic of the platform (with zeros), `{ topic, waiting, replayed, expired, newestFailedAt }`. `letters`: the newest first, each `{ id, topic, state, failedAt, error, consumerGroup, attempts, eventType, eventVersion, eventId, tenantId, correlationId, key, original: { partition, offset }, replayOf, replayed: { at, by, replayId } | null, expiredAt }`: `id` is its place on `<topic>.dlq` (`partition/offset`, what the replay takes); `state` is `waiting` (can be put back), `replayed`, or `expired` (the topic’s retention removed it first); `error` is the reason the consumer group gave; `replayOf` names the letter this one repeats (it failed again after that one was put back); `replayed.by` is null when it was put back outside the ops-monitor (`npm run dlq:replay`). The event’s payload is never shown: it may hold a citizen’s contact details.',
  })
  @ApiOkResponse({ description: '`{ topics, letters }`' })
  @ApiResponse({ status: 400, description: 'A query parameter is not valid (each field at fault)' })
  async list(@Query() raw: Record<string, string>, @CurrentActor() actor: Actor) {
    this.operatorsOnly(actor, ['ops', 'admin']);
    const q = parseBody(listQuery, raw);
    const r = await this.listLetters.execute({
      topic: q.topic,
      replayed: q.replayed === undefined ? undefined : q.replayed === 'true',
      limit: q.limit,
    });
    return {
      topics: r.topics.map((t) => ({ ...t, newestFailedAt: t.newestFailedAt?.toISOString() ?? null })),
      letters: r.letters.map(view),
    };
  }

  @Post('replay')
  @Allow('admin')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(replayBody) })
  @ApiOperation({
    summary: 'Put dead letters back on their topic',
    description:
      'Puts the letters named by `ids`, or every waiting letter of `topic`, back on the original topic with their key and headers (the platform’s replay, as `npm run dlq:replay` runs it). Every consumer group of that topic reads them again: the group that failed tries again, and the groups that had handled the event find it in their inbox and do nothing. A letter that fails again comes back as a new letter whose `replayOf` names this one. Who asked (from the token), when, and what became of each letter are recorded. Answers `{ replayId, topic, at, by, replayed: [id], skipped: [{ id, reason, message }] }`; `reason` is `already-replayed` (by the ops-monitor), `replayed-before` (by `npm run dlq:replay`), `expired` (gone from the topic) or `not-reached` (the replay stopped before it; try again). Replays of one topic take turns.',
  })
  @ApiOkResponse({ description: 'What was put back, and what not and why' })
  @ApiResponse({ status: 400, description: 'Not valid (each field at fault)' })
  @ApiResponse({ status: 404, description: 'An id is not a dead letter of that topic' })
  @ApiResponse({
    status: 409,
    description:
      'Every letter named was put back already (or is gone), nothing of the topic waits, or another replay of the topic is under way; nothing was put back',
  })
  @ApiResponse({
    status: 503,
    description: 'Kafka did not answer; what went back is recorded at the next replay',
  })
  async replay(@Body() body: unknown, @CurrentActor() actor: Actor) {
    this.operatorsOnly(actor, ['admin']);
    const b = parseBody(replayBody, body);
    const r = await this.replayLetters.execute({
      topic: b.topic,
      ids: b.ids ? [...new Set(b.ids)] : undefined,
      actor: actorLabel(actor),
      actorSubject: actor.subject,
    });
    return { ...r, at: r.at.toISOString() };
  }
}
