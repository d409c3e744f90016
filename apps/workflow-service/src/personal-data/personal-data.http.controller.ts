import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { dataSubjectSchema, type ErasedElsewhere, type WorkflowPersonalData } from '@city/contracts';
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
      "The town-hall tickets a citizen took (with the contact they left to be called by), and the address and answers their cases' workflows keep. Asked by the case-service, which alone can tell who a citizen is, for the citizen's export.",
  })
  @ApiBody({ schema: openApiSchema(dataSubjectSchema) })
  @ApiOkResponse({
    description:
      '`{ service, counterTickets: [...], workflowRuns: [{ reference, workflow, address, attributes }] }`',
  })
  @ApiResponse({ status: 400, description: 'Not valid' })
  // Audited as a whole by the case-service, which asks (this service keeps no audit table).
  export(@Body() body: unknown, @City() city: string): Promise<WorkflowPersonalData> {
    return this.exportPersonalData.execute(city, parseBody(dataSubjectSchema, body));
  }

  @Post('erasure')
  @Allow('service:case-service')
  @HttpCode(200)
  @ApiOperation({
    summary: "This service's part of a citizen's erasure",
    description:
      "A town-hall ticket keeps its office, number, queue and times and loses the contact left on it; a case's run keeps its workflow, steps and position and loses the address and answers it was started with. Asked by the case-service when an administrator erases a citizen (docs/personal-data.md); asked again, it changes nothing more.",
  })
  @ApiBody({ schema: openApiSchema(dataSubjectSchema) })
  @ApiOkResponse({ description: '`{ service, erased: { counterTickets, workflowRuns } }`: the rows changed' })
  @ApiResponse({ status: 400, description: 'Not valid' })
  erase(@Body() body: unknown, @City() city: string): Promise<ErasedElsewhere> {
    return this.erasePersonalData.execute(city, parseBody(dataSubjectSchema, body));
  }
}
