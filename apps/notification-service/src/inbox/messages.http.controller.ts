import { createHash, timingSafeEqual } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { normalizeReference } from '@city/domain-intake';
import { APP_CONFIG } from '@city/platform-config';
import {
  ApiError,
  ApiQueryFrom,
  invalid,
  openApiSchema,
  parseBody,
  RateLimit,
  type RateLimitTarget,
} from '@city/platform-http';
import { Allow, City, Public } from '@city/platform-auth';
import { Audited, param } from '@city/platform-audit';
import type { NotificationConfig } from '../config';
import type { Delivery } from '../message-store/delivery.entity';
import { DeliveryRepository } from '../message-store/delivery.repository';
import { OptOutBySmsReplyUseCase } from '../opt-out/opt-out-by-sms-reply/opt-out-by-sms-reply.usecase';
import {
  AnswerBySmsReplyUseCase,
  type SmsAnswer,
} from '../satisfaction/answer-by-sms-reply/answer-by-sms-reply.usecase';
import { ReadCaseMessagesUseCase } from './read-case-messages/read-case-messages.usecase';
import { ReadInboxUseCase } from './read-inbox/read-inbox.usecase';

/** A reference as citizens and agents type it (any case, spaces, dashes), checked and normalised as everywhere else. */
const referenceSchema = z
  .string()
  .transform(
    (raw, ctx) =>
      normalizeReference(raw) ??
      (ctx.addIssue({ code: 'custom', message: 'not a valid reference' }), z.NEVER),
  );

export const deliveryView = (d: Delivery) => ({
  id: d.id,
  reference: d.reference,
  template: d.template,
  medium: d.medium,
  address: d.address,
  language: d.language,
  subject: d.subject,
  text: d.text,
  outcome: d.outcome,
  detail: d.detail,
  attempts: d.attempts,
  at: d.at.toISOString(),
});

/** Inbox reads are counted per reference, however it is written, so its second factor cannot be guessed without end. */
const referenceInQuery: RateLimitTarget = {
  label: 'reference',
  of: (req) => {
    const raw = String((req.query as { reference?: unknown }).reference ?? '');
    return normalizeReference(raw) ?? raw.toUpperCase();
  },
};

const inboxQuerySchema = z
  .object({
    reference: referenceSchema,
    email: z.string().trim().email().optional(),
    phone: z.string().trim().min(6).max(20).optional(),
  })
  .strict()
  .refine((q) => !!q.email !== !!q.phone, {
    path: ['email'],
    message: 'give the email or the phone number used for the request (one of them)',
  });

/** An SMS provider's inbound message webhook: a reply to one of our texts. */
const inboundSmsSchema = z
  .object({ from: z.string().trim().min(6).max(20), text: z.string().max(1600) })
  .passthrough();
const sha256 = (s: string) => createHash('sha256').update(s).digest();
/** Whether an Authorization header carries the bearer token, compared in constant time (over hashes, so the length leaks nothing either). */
const carriesToken = (authorization: string | undefined, token: string) =>
  timingSafeEqual(sha256(authorization ?? ''), sha256(`Bearer ${token}`));

/**
 * The messages the city sent: to agents and clerks for a case or a citizen (every medium, every
 * outcome), and to the citizen in their portal inbox (their reference plus the email or phone they
 * gave), plus the SMS provider's webhook that turns a STOP reply into an opt-out and a reply of 1 to
 * 5 into the answer to the satisfaction question last texted to that number.
 */
@ApiTags('messages')
@Controller('api/v1')
export class MessagesHttpController {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly readCaseMessages: ReadCaseMessagesUseCase,
    private readonly readInbox: ReadInboxUseCase,
    private readonly optOutBySmsReply: OptOutBySmsReplyUseCase,
    private readonly answerBySmsReply: AnswerBySmsReplyUseCase,
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
  ) {}

  /** Agents and clerks: every message about a case, and what is still owed. */
  @Get('cases/:reference/messages')
  @Allow('agent', 'clerk', 'supervisor')
  @ApiOperation({
    summary: 'Every message about a case',
    description:
      'On every medium, with every outcome (sent, failed, not sent and why), and what is still owed.',
  })
  @ApiParam({ name: 'reference', description: 'The case reference, e.g. EA49-HVS1-TVR' })
  @ApiOkResponse({ description: '`{ reference, messages, pending }`' })
  @ApiResponse({ status: 400, description: 'Not a reference' })
  @Audited('case.messages', (req) => normalizeReference(param('reference')(req)) ?? param('reference')(req))
  async ofCase(@City() city: string, @Param('reference') raw: string) {
    const reference = normalizeReference(raw);
    if (!reference) throw invalid([{ field: 'reference', reason: 'not a valid reference' }]);
    const { messages, pending } = await this.readCaseMessages.execute(city, reference);
    return {
      reference,
      messages: messages.map(deliveryView),
      pending: pending.map((n) => ({
        id: n.id,
        template: n.template,
        attempts: n.attempts,
        lastError: n.lastError,
        requestedAt: n.requestedAt.toISOString(),
      })),
    };
  }

  /** Agents and clerks: every message a citizen was sent or not sent, newest first. */
  @Get('citizens/:id/messages')
  // Administrators too: the citizen's record, where they erase it, shows them.
  @Allow('agent', 'clerk', 'supervisor', 'admin')
  @ApiOperation({
    summary: 'Every message a citizen was sent or not sent',
    description: 'Newest first (200 at most).',
  })
  @ApiParam({ name: 'id', description: "The citizen's id (a UUID)", format: 'uuid' })
  @ApiOkResponse({ description: '`{ citizenId, messages }`' })
  @ApiResponse({ status: 400, description: 'Not a citizen id' })
  @Audited('citizen.messages', param('id'), (r) => [
    ...new Set((r as { messages: Array<{ reference: string }> }).messages.map((m) => m.reference)),
  ])
  async ofCitizen(@City() city: string, @Param('id') id: string) {
    if (!z.uuid().safeParse(id).success) throw invalid([{ field: 'id', reason: 'not a citizen id' }]);
    const rows = await this.deliveries.ofCitizen(city, id.toLowerCase(), 200);
    return { citizenId: id.toLowerCase(), messages: rows.map(deliveryView) };
  }

  /** The citizen's portal inbox: their reference and the email or phone they gave prove who they are. */
  @Get('inbox')
  @ApiOperation({
    summary: "A citizen's portal inbox",
    description:
      'The messages sent to a citizen about a request, for the citizen who gives its reference plus the email or the phone ' +
      'they gave with it, or those of a citizen who follows it (then the messages sent to that follower). ' +
      'Rate limited per client and per reference.',
  })
  @ApiQueryFrom(inboxQuerySchema)
  @ApiOkResponse({ description: '`{ messages }`' })
  @ApiResponse({ status: 400, description: 'Not a reference, or not exactly one of email and phone' })
  @ApiResponse({ status: 429, description: 'Too many look-ups (Retry-After)' })
  @RateLimit('inbox', referenceInQuery)
  @Public(
    'a citizen reads their portal inbox with their reference plus the email or phone they gave (the second factor)',
  )
  async inbox(@City() city: string, @Query() raw: Record<string, string>) {
    const q = parseBody(inboxQuerySchema, raw);
    const rows = await this.readInbox.execute(city, q);
    return {
      messages: rows.map((d) => ({
        id: d.id,
        reference: d.reference,
        subject: d.subject,
        text: d.text,
        language: d.language,
        at: d.at.toISOString(),
      })),
    };
  }

  /**
   * The SMS provider posts replies here; STOP (or STOPP, AFMELDEN) opts the sender out of updates, and
   * a reply of one digit from 1 to 5 answers the satisfaction question last texted to that number.
   */
  @Post('sms/inbound')
  @Public("the SMS provider's webhook: its own inbound token is the credential")
  @HttpCode(200)
  @ApiOperation({
    summary: "The SMS provider's inbound messages",
    description:
      'A reply to one of our texts; STOP (or STOPP, AFMELDEN) opts the sender out of updates; a reply of one digit ' +
      'from 1 to 5 answers the satisfaction question last texted to that number (recorded on its request, as ' +
      'answered by text; after the answer window it is not, and `satisfaction.reason` says why). ' +
      'The provider authenticates with its own inbound token (`Authorization: Bearer <SMS_INBOUND_TOKEN>`), not a city token.',
  })
  @ApiBody({ schema: openApiSchema(inboundSmsSchema) })
  @ApiOkResponse({
    description:
      '`{ optedOut, satisfaction }`: whether the reply opted a citizen out, and the satisfaction answer it was ' +
      '(`{ reference, score, recorded, reason? }`) or null',
  })
  @ApiResponse({ status: 400, description: 'Not valid (each field at fault)' })
  @ApiResponse({ status: 401, description: "Without the SMS provider's inbound token" })
  async inboundSms(@Headers('authorization') authorization: string | undefined, @Body() body: unknown) {
    if (!carriesToken(authorization, this.config.SMS_INBOUND_TOKEN))
      throw new ApiError(401, "the SMS provider's inbound token is required");
    const m = parseBody(inboundSmsSchema, body);
    const reply = { from: m.from, text: m.text };
    const { optedOut } = await this.optOutBySmsReply.execute(reply);
    const satisfaction: SmsAnswer = optedOut ? null : await this.answerBySmsReply.execute(reply);
    return { optedOut, satisfaction };
  }
}
