import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { onboardCityRequestSchema, type CitiesView, type CityOnboardedAnswer } from '@city/contracts';
import { actorLabel, Allow, CurrentActor, TokenVerifier, type Actor } from '@city/platform-auth';
import { ApiError, openApiSchema, parseBody } from '@city/platform-http';
import { ListCitiesUseCase } from './list-cities/list-cities.usecase';
import { nextSteps } from './onboard-city';
import { OnboardCityUseCase } from './onboard-city/onboard-city.usecase';

/**
 * The deployment's cities, for the administrators who run it (docs/multi-tenancy.md): onboarding a
 * city is configuration sent here, checked, stored and published to every service, not code.
 */
@ApiTags('cities')
@Controller('api/v1/cities')
export class OnboardingHttpController {
  constructor(
    private readonly onboardCity: OnboardCityUseCase,
    private readonly listCities: ListCitiesUseCase,
    private readonly tokens: TokenVerifier,
  ) {}

  /** A deployment's cities are the deployment's: run by its own city's administrators. */
  private operatorsOnly(actor: Actor): void {
    if (!this.tokens.isOperator(actor, ['admin']))
      throw new ApiError(
        403,
        "The deployment's cities are run by its own city's administrators; a city's administrators run their city.",
      );
  }

  @Get()
  @Allow('admin')
  @ApiOperation({
    summary: "The deployment's cities",
    description:
      'Answers `{ serving, onboarded }`: `serving`, the cities the service that answered serves now (`{ city, name, jurisdiction, from }`, `from` being `files` or `onboarded`); `onboarded`, every city onboarded through this API, the newest first (`{ city, name, jurisdiction, services, onboardedBy, onboardedAt, serving }`). A city onboarded is served by each service from its next start (a rollout): `serving` says whether the one that answered does yet.',
  })
  @ApiOkResponse({ description: '`{ serving, onboarded }`' })
  @ApiResponse({ status: 403, description: "Not an administrator of the deployment's own city" })
  async list(@CurrentActor() actor: Actor): Promise<CitiesView> {
    this.operatorsOnly(actor);
    return this.listCities.execute();
  }

  @Post()
  @HttpCode(201)
  @Allow('admin')
  @ApiOperation({
    summary: 'Onboard a city',
    description:
      'The city’s profile, catalogue (one service definition each) and routing file, as JSON: checked as the workflow-service checks the deployment’s configuration at start (each service against the national LGSL list and in every language; the routing file’s shape and meaning; every service a rule, a counter or a hand-over names offered by the catalogue; each hand-over taken over by a city served; a city id and a jurisdiction no other city has). When all is well it is stored and published on the city topic, and every service serves the city from its next start; else nothing is stored, and every problem is said at once, each by its field. Answers `{ city, services, onboardedBy, onboardedAt, next }`, `next` saying what is left to do.',
  })
  @ApiBody({ schema: openApiSchema(onboardCityRequestSchema) })
  @ApiCreatedResponse({ description: '`{ city, services, onboardedBy, onboardedAt, next }`' })
  @ApiResponse({ status: 400, description: 'The city cannot be onboarded (each field at fault)' })
  @ApiResponse({ status: 403, description: "Not an administrator of the deployment's own city" })
  @ApiResponse({ status: 409, description: 'A city of that id is there already' })
  @ApiResponse({ status: 413, description: "The city's configuration is too large for one message" })
  async onboard(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<CityOnboardedAnswer> {
    this.operatorsOnly(actor);
    const request = parseBody(onboardCityRequestSchema, body);
    const c = await this.onboardCity.execute({ request, by: actorLabel(actor) });
    return {
      city: c.city,
      services: c.services.length,
      onboardedBy: c.onboardedBy,
      onboardedAt: c.onboardedAt,
      next: [
        `every service serves ${c.city} from its next start: restart them (a rollout)`,
        ...nextSteps(c.city),
      ],
    };
  }
}
