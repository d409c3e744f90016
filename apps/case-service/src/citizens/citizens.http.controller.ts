import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  mergeCitizensBodySchema,
  reverseMergeBodySchema,
  updatePreferencesByContactBodySchema,
  updatePreferencesRequestSchema,
} from '@city/contracts';
import { normalizePhone } from '@city/domain-intake';
import { APP_CONFIG } from '@city/platform-config';
import { invalid, openApiSchema, parseBody } from '@city/platform-http';
import { actorLabel, Allow, CurrentActor, type Actor, City } from '@city/platform-auth';
import { Audited, param } from '@city/platform-audit';
import type { CaseConfig } from '../config';
import { caseView, interactionView } from '../record/case-views';
import type { CitizenMerge } from '../record/citizen-merge.entity';
import { ListMergesUseCase } from './list-merges/list-merges.usecase';
import { MergeCitizensUseCase } from './merge-citizens/merge-citizens.usecase';
import { restrictionView } from '../record/restriction-view';
import { ReadCitizenUseCase } from './read-citizen/read-citizen.usecase';
import { ReverseMergeUseCase } from './reverse-merge/reverse-merge.usecase';
import { UpdatePreferencesUseCase } from './update-preferences/update-preferences.usecase';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The path parameter of the citizen routes. */
const ApiCitizenId = () => ApiParam({ name: 'id', description: "The citizen's id (a UUID)", format: 'uuid' });
const citizenId = (id: string, field = 'id') => {
  if (!UUID.test(id)) throw invalid([{ field, reason: 'not a citizen id' }]);
  return id.toLowerCase();
};

export const mergeView = (g: CitizenMerge) => ({
  id: g.id,
  survivorId: g.survivorId,
  mergedId: g.mergedId,
  mergedBy: g.mergedBy,
  channel: g.channel,
  reason: g.reason,
  mergedAt: g.mergedAt.toISOString(),
  moved: {
    cases: g.moves.caseIds.length,
    interactions: g.moves.interactionIds.length,
    contactPoints: g.moves.contactPointIds.length,
    subscriptions: g.moves.movedSubscriptions.length + g.moves.droppedSubscriptions.length,
  },
  reversal: g.reversedAt
    ? { by: g.reversedBy, at: g.reversedAt.toISOString(), reason: g.reversalReason }
    : null,
});

/**
 * Who changed a citizen's preferences: the agent or clerk, or the citizen themselves through their
 * opt-out link or STOP reply, which the notification-service passes on with its own token.
 */
const changedBy = (actor: Actor) =>
  actor.kind === 'service' ? `citizen:self-service via ${actor.name}` : actorLabel(actor);

/** Citizens for agents and clerks: the 360 view, merging two records of one person, and (for administrators) undoing a merge. */
@ApiTags('citizens')
@Controller('api/v1')
export class CitizensHttpController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: CaseConfig,
    private readonly readCitizen: ReadCitizenUseCase,
    private readonly listMergesOf: ListMergesUseCase,
    private readonly mergeCitizens: MergeCitizensUseCase,
    private readonly reverseMerge: ReverseMergeUseCase,
    private readonly preferences: UpdatePreferencesUseCase,
  ) {}

  /** The citizen 360 view: who they are, how to reach them, every case and every contact on every channel, and the merges of their record. */
  @Get('citizens/:id')
  // Administrators too: they erase a record, or undo a merge of it, from there.
  @Allow('agent', 'clerk', 'supervisor', 'admin')
  @ApiOperation({
    summary: 'A citizen, 360 degrees',
    description:
      'Who they are, how to reach them, every case and every contact on every channel, and the merges of their record.',
  })
  @ApiCitizenId()
  @ApiOkResponse({
    description:
      '`{ citizen, cases, interactions, channels, merges }`; `citizen.restriction` while it is restricted',
  })
  @ApiResponse({ status: 400, description: 'Not a citizen id' })
  @ApiResponse({ status: 404, description: 'No such citizen' })
  @Audited('citizen.read', param('id'), (r) =>
    (r as { cases: Array<{ reference: string }> }).cases.map((c) => c.reference),
  )
  async citizen(@Param('id') raw: string, @City() city: string) {
    const {
      citizen: party,
      cases,
      interactions,
      merges,
      restriction,
    } = await this.readCitizen.execute(city, citizenId(raw));
    return {
      citizen: {
        id: party.id,
        firstName: party.firstName,
        lastName: party.lastName,
        preferredChannel: party.preferredChannel,
        language: party.language,
        consentUpdates: party.consentUpdates,
        supportNeeds: party.supportNeeds,
        /** Set when this record was merged into another: follow it there. */
        mergedInto: party.mergedInto,
        /** Set when this record was kept apart from that citizen's (a contact given anonymously, not on their record): merge it if they are one person. */
        possibleMatchOf: party.possibleMatchOf,
        contactPoints: party.contactPoints.map((cp) => ({ kind: cp.kind, value: cp.value })),
        /** When the citizen's personal data was erased from it (their name, contacts and words gone); null while it holds it. */
        erasedAt: party.erasedAt?.toISOString() ?? null,
        /** Set while the record is restricted (GDPR article 18): kept as it is, not merged or changed by staff. */
        restriction: restriction ? restrictionView(restriction) : null,
      },
      cases: cases.map(caseView),
      interactions: interactions.map(interactionView),
      channels: [...new Set(interactions.map((i) => i.channel))],
      merges: merges.map(mergeView),
    };
  }

  /** The audit trail of a citizen's merges, both ways. */
  @Get('citizens/:id/merges')
  @Allow('agent', 'clerk', 'supervisor', 'admin')
  @ApiOperation({ summary: "A citizen's merges", description: 'The audit trail of their merges, both ways.' })
  @ApiCitizenId()
  @ApiOkResponse({ description: '`{ merges }`' })
  @ApiResponse({ status: 400, description: 'Not a citizen id' })
  @Audited('citizen.merges', param('id'))
  async listMerges(@Param('id') raw: string, @City() city: string) {
    return { merges: (await this.listMergesOf.execute(city, citizenId(raw))).map(mergeView) };
  }

  /** An agent or clerk merges another record of the same person into this one. */
  @Post('citizens/:id/merges')
  @Allow('agent', 'clerk', 'supervisor')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Merge another record of the same person into this one',
    description:
      'Its cases, interactions, contact points and subscriptions move to this citizen (the survivor).',
  })
  @ApiCitizenId()
  @ApiBody({ schema: openApiSchema(mergeCitizensBodySchema) })
  @ApiResponse({ status: 201, description: 'The merge, with what moved' })
  @ApiResponse({ status: 400, description: 'Not valid, or a citizen merged into itself' })
  @ApiResponse({ status: 404, description: 'No such citizen' })
  @ApiResponse({ status: 409, description: 'One of the records was merged already' })
  async merge(
    @Param('id') raw: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @City() city: string,
  ) {
    const id = citizenId(raw);
    return mergeView(
      await this.mergeCitizens.execute(city, id, {
        ...parseBody(mergeCitizensBodySchema, body),
        actor: actorLabel(actor),
      }),
    );
  }

  /** How a citizen wants to hear from us (consent, channel, language), changed by an agent or clerk, or by their opt-out link. */
  @Put('citizens/:id/preferences')
  @Allow('agent', 'clerk', 'supervisor', 'service:notification-service')
  @ApiOperation({
    summary: 'Change how a citizen wants to hear from the city',
    description:
      'Consent to updates, preferred channel, language: by an agent or clerk, or by their opt-out link (through the notification-service).',
  })
  @ApiCitizenId()
  @ApiBody({ schema: openApiSchema(updatePreferencesRequestSchema) })
  @ApiOkResponse({ description: 'The preferences as they are now' })
  @ApiResponse({ status: 400, description: 'Not valid, or no preference given' })
  @ApiResponse({ status: 404, description: 'No such citizen' })
  async setPreferences(
    @Param('id') raw: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @City() city: string,
  ) {
    const id = citizenId(raw);
    return this.preferences.execute(
      city,
      { id },
      { ...parseBody(updatePreferencesRequestSchema, body), actor: changedBy(actor) },
    );
  }

  /** The same for the citizen with this email or phone (an SMS provider's STOP reply). */
  @Put('citizens/preferences')
  @Allow('service:notification-service')
  @ApiOperation({
    summary: 'Change the preferences of the citizen with this email or phone',
    description: "An SMS provider's STOP reply names only the number.",
  })
  @ApiBody({ schema: openApiSchema(updatePreferencesByContactBodySchema) })
  @ApiOkResponse({ description: 'The preferences as they are now' })
  @ApiResponse({
    status: 400,
    description: 'Not valid: give the email or the phone, and at least one preference',
  })
  @ApiResponse({ status: 404, description: 'No citizen with that email or phone' })
  async setPreferencesByContact(@Body() body: unknown, @CurrentActor() actor: Actor, @City() city: string) {
    const { email, phone, ...change } = parseBody(updatePreferencesByContactBodySchema, body);
    const contact = email
      ? { kind: 'email' as const, value: email.toLowerCase() }
      : { kind: 'phone' as const, value: normalizePhone(phone!, this.config.DEFAULT_COUNTRY) ?? phone! };
    return this.preferences.execute(city, { contact }, { ...change, actor: changedBy(actor) });
  }

  /** An administrator reverses a merge: what moved goes back. */
  @Post('citizen-merges/:mergeId/reversal')
  @Allow('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reverse a merge', description: 'What moved goes back to the merged record.' })
  @ApiParam({ name: 'mergeId', description: "The merge's id (a UUID)", format: 'uuid' })
  @ApiBody({ schema: openApiSchema(reverseMergeBodySchema) })
  @ApiOkResponse({ description: 'The merge, with its reversal' })
  @ApiResponse({ status: 400, description: 'Not valid, or not a merge id' })
  @ApiResponse({ status: 404, description: 'No such merge' })
  @ApiResponse({
    status: 409,
    description: 'Reversed already, or the survivor was itself merged since (reverse that merge first)',
  })
  async reverse(
    @Param('mergeId') raw: string,
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @City() city: string,
  ) {
    const admin = actorLabel(actor);
    if (!UUID.test(raw)) throw invalid([{ field: 'mergeId', reason: 'not a merge id' }]);
    return mergeView(
      await this.reverseMerge.execute(
        city,
        raw.toLowerCase(),
        admin,
        parseBody(reverseMergeBodySchema, body),
      ),
    );
  }
}
