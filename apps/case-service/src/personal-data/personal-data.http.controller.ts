import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  erasureRequestSchema,
  liftRestrictionSchema,
  restrictionRequestSchema,
  staffExportRequestSchema,
  type CitizenRestrictionView,
} from '@city/contracts';
import { Audited, param } from '@city/platform-audit';
import { actorLabel, Allow, City, CurrentActor, type Actor } from '@city/platform-auth';
import { ApiError, invalid, openApiSchema, parseBody } from '@city/platform-http';
import { EraseCitizenUseCase, type ErasureReport } from './erase-citizen/erase-citizen.usecase';
import {
  ExportPersonalDataUseCase,
  type PersonalDataExport,
} from './export-personal-data/export-personal-data.usecase';

import { LiftRestrictionUseCase } from './lift-restriction/lift-restriction.usecase';
import { RestrictCitizenUseCase } from './restrict-citizen/restrict-citizen.usecase';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXPORT_DESCRIPTION =
  "One JSON file (`format: omnichannel-city/personal-data-export`, `version: 1`): their record and contacts, the records merged into it, every case of theirs (with the whole timeline, documents with their content in base64, and their satisfaction answer), the cases of others they follow (reference, service and status only), every contact on every channel, who read their data and when, and what the other services hold (`heldElsewhere`: the messages sent them, their town-hall tickets, what their cases' workflows keep).";

/**
 * A citizen's rights over their data (docs/personal-data.md): their export, asked for signed in, or
 * by staff for them once they have checked who is asking; their erasure and the restriction of their
 * record, by an administrator. Every step is audited.
 */
@ApiTags('personal-data')
@Controller('api/v1')
export class PersonalDataHttpController {
  constructor(
    private readonly exportPersonalData: ExportPersonalDataUseCase,
    private readonly eraseCitizen: EraseCitizenUseCase,
    private readonly restrictCitizen: RestrictCitizenUseCase,
    private readonly liftRestriction: LiftRestrictionUseCase,
  ) {}

  @Get('me/personal-data')
  @Allow('citizen')
  @Header('Content-Disposition', 'attachment; filename="personal-data.json"')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({
    summary: 'Everything the city holds about the signed-in citizen',
    description: `Of the record that owns their verified email (and what any service holds about that email). ${EXPORT_DESCRIPTION}`,
  })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'The export, as a file to keep' })
  @ApiResponse({ status: 403, description: 'The account has no verified email' })
  @ApiResponse({
    status: 503,
    description: 'A service holding some of their data cannot be reached; try again',
  })
  @Audited('personal-data.export', () => 'self-service')
  mine(@CurrentActor() actor: Actor, @City() city: string): Promise<PersonalDataExport> {
    if (!actor.email)
      throw new ApiError(403, 'Your account has no verified email address to find your data by.');
    return this.exportPersonalData.execute(
      city,
      { verifiedEmail: actor.email },
      { actor: actorLabel(actor), identityCheck: null },
    );
  }

  @Post('citizens/:id/personal-data')
  @Allow('agent', 'clerk', 'supervisor', 'admin')
  @HttpCode(200)
  @Header('Content-Disposition', 'attachment; filename="personal-data.json"')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({
    summary: 'Everything the city holds about a citizen, for them',
    description: `For a citizen who asks on the phone, at the counter or by letter, once staff have checked who is asking (\`identityCheck\`: \`photo-id\`, \`known-details\` or \`letter\`, kept on the export and in the audit). ${EXPORT_DESCRIPTION}`,
  })
  @ApiParam({ name: 'id', description: "The citizen's id (a UUID)", format: 'uuid' })
  @ApiBody({ schema: openApiSchema(staffExportRequestSchema) })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'The export, as a file to hand over' })
  @ApiResponse({ status: 400, description: 'Not a citizen id, or no identity check named' })
  @ApiResponse({ status: 404, description: 'No such citizen' })
  @ApiResponse({
    status: 503,
    description: 'A service holding some of their data cannot be reached; try again',
  })
  @Audited(
    'personal-data.export',
    (req) =>
      `${param('id')(req)} (identity: ${String((req.body as { identityCheck?: unknown } | null)?.identityCheck ?? 'none')})`,
    (r) => (r as PersonalDataExport).cases.map((c) => c.reference),
  )
  forCitizen(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @City() city: string,
  ): Promise<PersonalDataExport> {
    if (!UUID.test(id)) throw invalid([{ field: 'id', reason: 'not a citizen id' }]);
    const { identityCheck } = parseBody(staffExportRequestSchema, body);
    return this.exportPersonalData.execute(
      city,
      { citizenId: id.toLowerCase() },
      { actor: actorLabel(actor), identityCheck },
    );
  }

  @Post('citizens/:id/erasure')
  @Allow('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Erase a citizen',
    description:
      "GDPR article 17, on the ground named (`consent-withdrawn`, `no-longer-needed`, `objection`, `unlawful`, `legal-obligation`, `child`): every service anonymises what it holds of them (the workflow-service their tickets' contacts and their runs' address and answers, the notification-service their messages' addresses and words), then the record (their name and contacts, their requests' descriptions, answers, places, words on the timeline, documents and interactions' summaries), keeping that each request existed, its service, channel, times and outcome. Refused (409) while a request of theirs is still being worked; 503 when a service cannot be reached (nothing of the record changed: ask again). Asked again after it was done, it answers what was done. Audited with the ground.",
  })
  @ApiParam({ name: 'id', description: "The citizen's id (a UUID)", format: 'uuid' })
  @ApiBody({ schema: openApiSchema(erasureRequestSchema) })
  @ApiOkResponse({
    description:
      '`{ citizenId, mergedIds, ground, erasedBy, erasedAt, erased: { <service>: { <rows>: n } } }`',
  })
  @ApiResponse({ status: 400, description: 'Not a citizen id, or no ground named' })
  @ApiResponse({ status: 404, description: 'No such citizen' })
  @ApiResponse({ status: 409, description: 'A request of theirs is still being worked' })
  @ApiResponse({
    status: 503,
    description: 'A service holding some of their data cannot be reached; ask again',
  })
  @Audited(
    'personal-data.erasure',
    (req) =>
      `${param('id')(req)} (ground: ${String((req.body as { ground?: unknown } | null)?.ground ?? 'none')})`,
  )
  erase(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @City() city: string,
  ): Promise<ErasureReport> {
    if (!UUID.test(id)) throw invalid([{ field: 'id', reason: 'not a citizen id' }]);
    const { ground } = parseBody(erasureRequestSchema, body);
    return this.eraseCitizen.execute({ city, citizenId: id.toLowerCase(), ground, by: actorLabel(actor) });
  }

  @Post('citizens/:id/restriction')
  @Allow('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: "Restrict a citizen's record",
    description:
      "GDPR article 18, on the ground named (`accuracy-contested`, `unlawful-erasure-opposed`, `legal-claims`, `objection-pending`): the record and their requests are kept as they are, and staff see it restricted since when and why; stopped are messages about requests they made before it, merges with the record, staff changes to their preferences (409) and the retention run's anonymising of their requests. Not stopped: a request they make after it (its messages go out), their export, an erasure. Asked again while one is in force, it answers that one. Audited with the ground.",
  })
  @ApiParam({ name: 'id', description: "The citizen's id (a UUID)", format: 'uuid' })
  @ApiBody({ schema: openApiSchema(restrictionRequestSchema) })
  @ApiOkResponse({ description: '`{ ground, restrictedAt, restrictedBy }`' })
  @ApiResponse({ status: 400, description: 'Not a citizen id, or no ground named' })
  @ApiResponse({ status: 404, description: 'No such citizen' })
  @ApiResponse({ status: 409, description: 'The record was erased' })
  @Audited(
    'personal-data.restriction',
    (req) =>
      `${param('id')(req)} (ground: ${String((req.body as { ground?: unknown } | null)?.ground ?? 'none')})`,
  )
  restrict(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @City() city: string,
  ): Promise<CitizenRestrictionView> {
    if (!UUID.test(id)) throw invalid([{ field: 'id', reason: 'not a citizen id' }]);
    const { ground } = parseBody(restrictionRequestSchema, body);
    return this.restrictCitizen.execute({ city, citizenId: id.toLowerCase(), ground, by: actorLabel(actor) });
  }

  @Post('citizens/:id/restriction/lift')
  @Allow('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: "Lift a citizen's restriction",
    description:
      'Once the citizen has been told it will be lifted (article 18(3)): how (`letter`, `email`, `phone`, `in-person`) and on which day (not one still to come), kept with the restriction. 409 when none is in force. Audited.',
  })
  @ApiParam({ name: 'id', description: "The citizen's id (a UUID)", format: 'uuid' })
  @ApiBody({ schema: openApiSchema(liftRestrictionSchema) })
  @ApiOkResponse({ description: '`{ lifted: true, liftedAt }`' })
  @ApiResponse({
    status: 400,
    description: 'Not a citizen id, or how and when they were told is missing or to come',
  })
  @ApiResponse({ status: 404, description: 'No such citizen' })
  @ApiResponse({ status: 409, description: 'The record is not restricted' })
  @Audited('personal-data.restriction-lifted', param('id'))
  lift(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @City() city: string,
  ): Promise<{ lifted: true; liftedAt: string }> {
    if (!UUID.test(id)) throw invalid([{ field: 'id', reason: 'not a citizen id' }]);
    const { told } = parseBody(liftRestrictionSchema, body);
    return this.liftRestriction.execute({ city, citizenId: id.toLowerCase(), told, by: actorLabel(actor) });
  }
}
