import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { actorLabel, Allow, City, CurrentActor, Public, type Actor } from '@city/platform-auth';
import { ApiError, openApiSchema, parseBody } from '@city/platform-http';
import { CatalogueServiceRepository } from './catalogue-service.repository';
import { ChangeServiceUseCase } from './change-service/change-service.usecase';

const changeSchema = z
  .object({
    /** The whole service as it is to be; its version is given by the history (the next one). */
    service: z.record(z.string(), z.unknown()),
    reason: z.string().trim().min(3).max(2000),
  })
  .strict();
const code = z.string().regex(/^[a-z0-9-]{2,64}$/, 'lower-case letters, digits and hyphens');
const ApiCode = () =>
  ApiParam({ name: 'code', description: "The service's code, e.g. pothole", schema: openApiSchema(code) });

/** The catalogue for administrators: every service, its version history, and changes. */
@ApiTags('catalogue')
@Controller('api/v1/catalogue/services')
export class CatalogueHttpController {
  constructor(
    private readonly versions: CatalogueServiceRepository,
    private readonly changeService: ChangeServiceUseCase,
  ) {}

  @Get()
  @Public('the catalogue of services is public')
  @ApiOperation({ summary: 'Every service in the catalogue, at its latest version' })
  @ApiOkResponse({
    description: '`{ services }`: code, version, active, name, interaction, workflow, default queue',
  })
  async list(@City() city: string) {
    const services = [...(await this.versions.latestOfEach(city)).values()]
      .map((v) => v.definition)
      .sort((a, b) => a.code.localeCompare(b.code));
    return {
      services: services.map((s) => ({
        code: s.code,
        version: s.version,
        active: s.active,
        name: s.name.en,
        interaction: s.interaction,
        workflow: s.workflow ?? null,
        defaultQueue: s.defaultQueue,
      })),
    };
  }

  @Get(':code')
  @Public('the catalogue of services is public, with who changed it and why')
  @ApiOperation({ summary: 'A service as it is now, and its version history (who changed it and why)' })
  @ApiCode()
  @ApiOkResponse({ description: '`{ service, history }`' })
  @ApiResponse({ status: 400, description: 'Not a service code' })
  @ApiResponse({ status: 404, description: 'No such service in the catalogue' })
  async one(@City() city: string, @Param('code') raw: string) {
    const c = parseBody(z.object({ code }), { code: raw }).code;
    const history = await this.versions.history(city, c);
    if (history.length === 0) throw new ApiError(404, `No service ${c} in the catalogue.`);
    return {
      service: history[0].definition,
      history: history.map((v) => ({
        version: v.version,
        changedBy: v.changedBy,
        reason: v.reason,
        changedAt: v.changedAt.toISOString(),
        active: v.definition.active,
      })),
    };
  }

  /** A change (or a new service): the next version, published to every gateway within moments. */
  @Put(':code')
  @Allow('admin')
  @ApiOperation({
    summary: 'Change a service, or add one',
    description:
      'The whole service as it is to be becomes its next version, published to every gateway within moments.',
  })
  @ApiCode()
  @ApiBody({ schema: openApiSchema(changeSchema) })
  @ApiOkResponse({ description: '`{ service }`: the new version' })
  @ApiResponse({
    status: 400,
    description: 'Not valid: the service definition or the reason (each field at fault)',
  })
  async change(
    @City() city: string,
    @Param('code') raw: string,
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
  ) {
    const admin = actorLabel(actor);
    const c = parseBody(z.object({ code }), { code: raw }).code;
    const b = parseBody(changeSchema, body);
    const s = await this.changeService.execute({
      tenantId: city,
      code: c,
      doc: b.service,
      changedBy: admin,
      reason: b.reason,
    });
    return { service: s };
  }
}
