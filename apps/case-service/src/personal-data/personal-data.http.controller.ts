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
import { staffExportRequestSchema } from '@city/contracts';
import { Audited, param } from '@city/platform-audit';
import { actorLabel, Allow, City, CurrentActor, type Actor } from '@city/platform-auth';
import { ApiError, invalid, openApiSchema, parseBody } from '@city/platform-http';
import {
  ExportPersonalDataUseCase,
  type PersonalDataExport,
} from './export-personal-data/export-personal-data.usecase';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXPORT_DESCRIPTION =
  "One JSON file (`format: omnichannel-city/personal-data-export`, `version: 1`): their record and contacts, the records merged into it, every case of theirs and every case they follow (with the whole timeline, documents with their content in base64, and their satisfaction answer), every contact on every channel, who read their data and when, and what the other services hold (`heldElsewhere`: the messages sent them, their town-hall tickets, what their cases' workflows keep).";

/**
 * A citizen's right of access to their data (docs/personal-data.md): their export, asked for signed
 * in, or by staff for them once they have checked who is asking. Every export is audited.
 */
@ApiTags('personal-data')
@Controller('api/v1')
export class PersonalDataHttpController {
  constructor(private readonly exportPersonalData: ExportPersonalDataUseCase) {}

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
}
