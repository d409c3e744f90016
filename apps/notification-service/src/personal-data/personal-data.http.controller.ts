import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { dataSubjectSchema, type NotificationPersonalData } from '@city/contracts';
import { Audited } from '@city/platform-audit';
import { Allow, City } from '@city/platform-auth';
import { openApiSchema, parseBody } from '@city/platform-http';
import { ExportPersonalDataUseCase } from './export-personal-data/export-personal-data.usecase';

/** A citizen's personal data as this service holds it, for the case-service to gather (docs/personal-data.md). */
@ApiTags('personal-data')
@Controller('api/v1/personal-data')
export class PersonalDataHttpController {
  constructor(private readonly exportPersonalData: ExportPersonalDataUseCase) {}

  @Post('export')
  @Allow('service:case-service')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What this service holds about a citizen',
    description:
      "Every message the city sent a citizen (or did not, and why): to one of their records, about one of their cases, or to one of their addresses. Asked by the case-service, which alone can tell who a citizen is, for the citizen's export.",
  })
  @ApiBody({ schema: openApiSchema(dataSubjectSchema) })
  @ApiOkResponse({
    description:
      '`{ service, messages: [{ at, reference, medium, address, language, subject, text, outcome }] }`',
  })
  @ApiResponse({ status: 400, description: 'Not valid' })
  @Audited(
    'personal-data.export',
    (req) => `${(req.body as { citizenIds?: string[] })?.citizenIds?.join(',') ?? ''}`,
  )
  export(@Body() body: unknown, @City() city: string): Promise<NotificationPersonalData> {
    return this.exportPersonalData.execute(city, parseBody(dataSubjectSchema, body));
  }
}
