import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { z } from 'zod';
import { actorLabel, Allow, CurrentActor, Public, type Actor } from '@city/platform-auth';
import { parseBody } from '@city/platform-http';
import { CatalogueOwner } from './catalogue-owner';

const changeSchema = z
  .object({
    /** The whole service as it is to be; its version is given by the history (the next one). */
    service: z.record(z.string(), z.unknown()),
    reason: z.string().trim().min(3).max(2000),
  })
  .strict();
const code = z.string().regex(/^[a-z0-9-]{2,64}$/, 'lower-case letters, digits and hyphens');

/** The catalogue for administrators: every service, its version history, and changes. */
@Controller('api/v1/catalogue/services')
export class CatalogueHttpController {
  constructor(private readonly owner: CatalogueOwner) {}

  @Get()
  @Public('the catalogue of services is public')
  async list() {
    const services = await this.owner.list();
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
  async one(@Param('code') raw: string) {
    const history = await this.owner.history(parseBody(z.object({ code }), { code: raw }).code);
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
  async change(@Param('code') raw: string, @CurrentActor() actor: Actor, @Body() body: unknown) {
    const admin = actorLabel(actor);
    const c = parseBody(z.object({ code }), { code: raw }).code;
    const b = parseBody(changeSchema, body);
    const s = await this.owner.change(c, b.service, admin, b.reason);
    return { service: s };
  }
}
