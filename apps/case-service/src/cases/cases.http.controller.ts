import { Controller, Get, Header, HttpException, Inject, Param, Query } from '@nestjs/common';
import { APP_CONFIG } from '@city/platform-config';
import type { CaseConfig } from '../config';
import { DataSource } from 'typeorm';
import { normalizeReference } from '@city/domain-intake';
import { normalizePhone } from '@city/domain-intake';
import { ContactPoint } from '../citizens/contact-point.entity';
import { Party } from '../citizens/party.entity';
import { Interaction } from '../interactions/interaction.entity';
import { TimelineEntry } from '../timeline/timeline-entry.entity';
import { CaseRecord } from './case.entity';
import { caseView, interactionView, spokenStatus, timelineView } from './case-views';

const notFound = (what: string) => new HttpException({ statusCode: 404, error: 'Not Found', message: `${what} not found` }, 404);
const badRequest = (field: string, reason: string) =>
  new HttpException({ statusCode: 400, error: 'Bad Request', message: 'The request is not valid; see errors.', errors: [{ field, reason }] }, 400);

/** Queries for agents and clerks, citizens (with a second factor) and the IVR. */
@Controller('api/v1')
export class CasesHttpController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: CaseConfig,
  ) {}

  private async byReference(raw: string): Promise<CaseRecord> {
    const reference = normalizeReference(raw);
    if (!reference) throw badRequest('reference', 'not a valid reference');
    const c = await this.dataSource.getRepository(CaseRecord).findOneBy({ reference });
    if (!c) throw notFound(`case ${reference}`);
    return c;
  }

  /** An agent or clerk opens a case: the case, its citizen, and its whole cross-channel timeline. */
  @Get('cases/:reference')
  async getCase(@Param('reference') raw: string) {
    const c = await this.byReference(raw);
    const [timeline, interactions, citizen] = await Promise.all([
      this.dataSource.getRepository(TimelineEntry).find({ where: { caseId: c.id }, order: { at: 'ASC', id: 'ASC' } }),
      this.dataSource.getRepository(Interaction).createQueryBuilder('i').where(':id = ANY(i.case_ids)', { id: c.id }).orderBy('i.occurred_at', 'ASC').getMany(),
      c.partyId ? this.dataSource.getRepository(Party).findOne({ where: { id: c.partyId }, relations: { contactPoints: true } }) : null,
    ]);
    return {
      case: caseView(c),
      citizen: citizen && {
        id: citizen.id,
        firstName: citizen.firstName,
        lastName: citizen.lastName,
        preferredChannel: citizen.preferredChannel,
        language: citizen.language,
        supportNeeds: citizen.supportNeeds,
        contactPoints: citizen.contactPoints.map((cp) => ({ kind: cp.kind, value: cp.value })),
      },
      timeline: timeline.map(timelineView),
      interactions: interactions.map(interactionView),
    };
  }

  /** A citizen follows a request by its reference plus the email or phone they gave (portal, kiosk). */
  @Get('requests/:reference')
  async citizenLookup(@Param('reference') raw: string, @Query('email') email?: string, @Query('phone') phone?: string) {
    if (!email && !phone) throw badRequest('email', 'give the email or the phone number used for the request');
    const c = await this.byReference(raw);
    const wanted = email ? { kind: 'email' as const, value: email.trim().toLowerCase() } : { kind: 'phone' as const, value: normalizePhone(phone!, this.config.DEFAULT_COUNTRY) ?? phone! };
    const match = c.partyId && (await this.dataSource.getRepository(ContactPoint).findOneBy({ partyId: c.partyId, kind: wanted.kind, value: wanted.value }));
    // The same answer for a wrong second factor as for no such case: a reference alone reveals nothing.
    if (!match) throw notFound(`case ${c.reference}`);
    return { reference: c.reference, service: c.serviceCode, status: c.status, receivedAt: c.receivedAt.toISOString(), summary: spokenStatus(c) };
  }

  /** The IVR: a short answer a voice system reads out. */
  @Get('ivr/requests/:reference/status')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  async ivrStatus(@Param('reference') raw: string): Promise<string> {
    return spokenStatus(await this.byReference(raw));
  }
}
