import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { dataSubjectSchema, type ErasedElsewhere, type NotificationPersonalData } from '@city/contracts';
import { Audited } from '@city/platform-audit';
import { Allow, City } from '@city/platform-auth';
import { openApiSchema, parseBody } from '@city/platform-http';
import { ErasePersonalDataUseCase } from './erase-personal-data/erase-personal-data.usecase';
import { ExportPersonalDataUseCase } from './export-personal-data/export-personal-data.usecase';

/** A citizen's personal data as this service holds it, for the case-service to gather (docs/personal-data.md). */
@ApiTags('personal-data')
@Controller('api/v1/personal-data')
export class PersonalDataHttpController {
  constructor(
    private readonly exportPersonalData: ExportPersonalDataUseCase,
    private readonly erasePersonalData: ErasePersonalDataUseCase,
  ) {}

  @Post('export')
  @Allow('service:case-service')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What this service holds about a citizen',
    description:
      "Every message the city sent a citizen (or did not, and why): to one of their records or to one of their addresses. Asked by the case-service, which alone can tell who a citizen is, for the citizen's export.",
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

  @Post('erasure')
  @Allow('service:case-service')
  @HttpCode(200)
  @ApiOperation({
    summary: "This service's part of a citizen's erasure",
    description:
      'Every message to the data subject keeps that it was sent, when, how and about which case, and loses the address it went to and its words; a message owed loses the facts it would have spoken of. Asked by the case-service when an administrator erases a citizen (docs/personal-data.md); asked again, it changes nothing more.',
  })
  @ApiBody({ schema: openApiSchema(dataSubjectSchema) })
  @ApiOkResponse({ description: '`{ service, erased: { deliveries, notifications } }`: the rows changed' })
  @ApiResponse({ status: 400, description: 'Not valid' })
  erase(@Body() body: unknown, @City() city: string): Promise<ErasedElsewhere> {
    return this.erasePersonalData.execute(city, parseBody(dataSubjectSchema, body));
  }
}
