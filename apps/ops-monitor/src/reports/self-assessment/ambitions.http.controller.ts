import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorLabel, Allow, City, CurrentActor, type Actor } from '@city/platform-auth';
import { openApiSchema, parseBody } from '@city/platform-http';
import { ambitionsSchema } from './ambitions';
import { AmbitionsRepository } from './ambitions.repository';
import { RecordAmbitionsUseCase } from './record-ambitions/record-ambitions.usecase';

@ApiTags('self-assessment')
@Controller('api/v1/self-assessment')
export class AmbitionsHttpController {
  constructor(
    private readonly record: RecordAmbitionsUseCase,
    private readonly ambitions: AmbitionsRepository,
  ) {}

  @Get('ambitions')
  @Allow('supervisor', 'ops', 'admin')
  @ApiOperation({
    summary: "The city's ambitions for the self-assessment",
    description:
      'The city’s (`lgslId` null) and each LGSL service’s: offered online, digital take-up and within the service level (percent).',
  })
  async list(@City() city: string) {
    return { ambitions: await this.ambitions.list(city) };
  }

  @Put('ambitions')
  @Allow('admin')
  @ApiBody({ schema: openApiSchema(ambitionsSchema) })
  @ApiOperation({
    summary: "Records the city's ambitions (all at once, replacing the last)",
    description:
      '`city`: the ambition for every service not named; `services`: by LGSL id, each target optional (the city’s applies where one is missing); `reason`: why, for the record. Who recorded them comes from the token.',
  })
  async replace(@City() city: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    const input = parseBody(ambitionsSchema, body);
    const ambitions = await this.record.execute(city, input, actorLabel(actor), new Date());
    return { ambitions };
  }
}
