import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  addNoteBodySchema,
  caseSearchQuerySchema,
  changeStatusBodySchema,
  linkCaseBodySchema,
  type CaseRecipients,
} from '@city/contracts';
import { ApiError, invalid, parseBody, RateLimit, type RateLimitTarget } from '@city/platform-http';
import { actorLabel, Allow, CurrentActor, Public, type Actor } from '@city/platform-auth';
import { Audited, param, searchSubject } from '@city/platform-audit';
import { CaseLink, CaseSubscription } from '../links/case-link.entity';
import { ChangeCaseUseCase } from './change-case/change-case.usecase';
import { APP_CONFIG } from '@city/platform-config';
import type { CaseConfig } from '../config';
import { DataSource } from 'typeorm';
import { tableName } from '@city/platform-database';
import { normalizeReference } from '@city/domain-intake';
import { normalizePhone } from '@city/domain-intake';
import { ContactPoint } from '../citizens/contact-point.entity';
import { Party } from '../citizens/party.entity';
import { Interaction } from '../interactions/interaction.entity';
import { TimelineEntry } from '../timeline/timeline-entry.entity';
import { CaseRecord } from './case.entity';
import { caseView, interactionView, spokenStatus, timelineView } from './case-views';

const notFound = (what: string) => new ApiError(404, `${what} not found`);
const badRequest = (field: string, reason: string) => invalid([{ field, reason }]);
/** A citizen's look-ups are counted per reference, however it is written, so its second factor cannot be guessed without end. */
const referenceInPath: RateLimitTarget = {
  label: 'reference',
  of: (req) => {
    const raw = String((req.params as { reference?: unknown }).reference ?? '');
    return normalizeReference(raw) ?? raw.toUpperCase();
  },
};

/** Queries for agents and clerks, citizens (with a second factor) and the IVR. */
@Controller('api/v1')
export class CasesHttpController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: CaseConfig,
    private readonly changeCase: ChangeCaseUseCase,
  ) {}

  /** Agents and clerks search by reference, citizen name, phone, email, address, service, status, queue. */
  @Get('cases')
  @Allow('agent', 'clerk', 'supervisor')
  @Audited('cases.search', searchSubject, (r) =>
    (r as { cases: Array<{ reference: string }> }).cases.map((c) => c.reference),
  )
  async search(@Query() raw: Record<string, string>) {
    const q = parseBody(caseSearchQuerySchema, raw);
    const qb = this.dataSource
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .where('c.tenant_id = :tenant', { tenant: this.config.TENANT_ID });
    if (q.reference) {
      const reference = normalizeReference(q.reference);
      if (!reference) throw badRequest('reference', 'not a valid reference');
      qb.andWhere('c.reference = :reference', { reference });
    }
    if (q.service) qb.andWhere('c.service_code = :service', { service: q.service });
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.queue) qb.andWhere('c.queue = :queue', { queue: q.queue });
    if (q.address)
      qb.andWhere('c.address ILIKE :address', { address: `%${q.address.replace(/[%_]/g, '')}%` });
    const contact = q.email
      ? { kind: 'email', value: q.email.toLowerCase() }
      : q.phone
        ? { kind: 'phone', value: normalizePhone(q.phone, this.config.DEFAULT_COUNTRY) ?? q.phone }
        : null;
    if (contact) {
      const sub = qb
        .subQuery()
        .select('cp.party_id')
        .from(ContactPoint, 'cp')
        .where('cp.tenant_id = :tenant AND cp.kind = :kind AND cp.value = :value')
        .getQuery();
      qb.andWhere(`c.party_id IN ${sub}`, contact);
    }
    if (q.name) {
      const sub = qb
        .subQuery()
        .select('p.id')
        .from(Party, 'p')
        .where(
          "p.tenant_id = :tenant AND (coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) ILIKE :name",
        )
        .getQuery();
      qb.andWhere(`c.party_id IN ${sub}`, { name: `%${q.name.replace(/[%_]/g, '')}%` });
    }
    const rows = await qb.orderBy('c.received_at', 'DESC').limit(q.limit).getMany();
    return { count: rows.length, cases: rows.map(caseView) };
  }

  @Post('cases/:reference/status')
  @Allow('agent', 'clerk', 'supervisor')
  @HttpCode(200)
  async changeStatus(
    @Param('reference') reference: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    return caseView(
      await this.changeCase.changeStatus(reference, {
        ...parseBody(changeStatusBodySchema, body),
        actor: actorLabel(actor),
      }),
    );
  }

  @Post('cases/:reference/notes')
  @Allow('agent', 'clerk', 'supervisor')
  @HttpCode(201)
  async addNote(@Param('reference') reference: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return caseView(
      await this.changeCase.addNote(reference, {
        ...parseBody(addNoteBodySchema, body),
        actor: actorLabel(actor),
      }),
    );
  }

  @Post('cases/:reference/links')
  @Allow('agent', 'clerk', 'supervisor')
  @HttpCode(201)
  async link(@Param('reference') reference: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return caseView(
      await this.changeCase.link(reference, {
        ...parseBody(linkCaseBodySchema, body),
        actor: actorLabel(actor),
      }),
    );
  }

  private async byReference(raw: string): Promise<CaseRecord> {
    const reference = normalizeReference(raw);
    if (!reference) throw badRequest('reference', 'not a valid reference');
    const c = await this.dataSource
      .getRepository(CaseRecord)
      .findOneBy({ tenantId: this.config.TENANT_ID, reference });
    if (!c) throw notFound(`case ${reference}`);
    return c;
  }

  /** An agent or clerk opens a case: the case, its citizen, and its whole cross-channel timeline. */
  @Get('cases/:reference')
  @Allow('agent', 'clerk', 'supervisor')
  @Audited('case.read', (req) => normalizeReference(param('reference')(req)) ?? param('reference')(req))
  async getCase(@Param('reference') raw: string) {
    const c = await this.byReference(raw);
    const [timeline, interactions, citizen] = await Promise.all([
      this.dataSource
        .getRepository(TimelineEntry)
        .find({ where: { caseId: c.id }, order: { at: 'ASC', id: 'ASC' } }),
      this.dataSource
        .getRepository(Interaction)
        .createQueryBuilder('i')
        .where(':id = ANY(i.case_ids)', { id: c.id })
        .orderBy('i.occurred_at', 'ASC')
        .getMany(),
      c.partyId
        ? this.dataSource
            .getRepository(Party)
            .findOne({ where: { id: c.partyId }, relations: { contactPoints: true } })
        : null,
    ]);
    const links = await this.dataSource
      .getRepository(CaseLink)
      .find({ where: [{ fromCaseId: c.id }, { toCaseId: c.id }] });
    const linkedIds = [
      ...new Set(links.flatMap((l) => [l.fromCaseId, l.toCaseId]).filter((x) => x !== c.id)),
    ];
    const linked = linkedIds.length
      ? await this.dataSource.getRepository(CaseRecord).findBy(linkedIds.map((id) => ({ id })))
      : [];
    const refOf = new Map(linked.map((l) => [l.id, l.reference]));
    return {
      case: caseView(c),
      links: links.map((l) =>
        l.fromCaseId === c.id
          ? { kind: l.kind, reference: refOf.get(l.toCaseId) ?? null, direction: 'outgoing' }
          : {
              kind: l.kind === 'duplicate-of' ? 'duplicated-by' : l.kind,
              reference: refOf.get(l.fromCaseId) ?? null,
              direction: 'incoming',
            },
      ),
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
  @RateLimit('second-factor', referenceInPath)
  @Public(
    'anonymous citizens follow a request by its reference plus the email or phone they gave (the second factor)',
  )
  async citizenLookup(
    @Param('reference') raw: string,
    @Query('email') email?: string,
    @Query('phone') phone?: string,
  ) {
    const c = await this.withSecondFactor(raw, email, phone);
    return {
      reference: c.reference,
      citizenId: c.partyId,
      service: c.serviceCode,
      status: c.status,
      receivedAt: c.receivedAt.toISOString(),
      summary: spokenStatus(c),
    };
  }

  /**
   * The same second-factor check for the notification-service's portal inbox, which limits the
   * citizen's look-ups itself (per client and per reference) and asks here with its own token.
   */
  @Get('requests/:reference/citizen')
  @Allow('service:notification-service')
  async citizenBehind(
    @Param('reference') raw: string,
    @Query('email') email?: string,
    @Query('phone') phone?: string,
  ) {
    return { citizenId: (await this.withSecondFactor(raw, email, phone)).partyId };
  }

  /** The case of a reference when the email or phone given is one its citizen gave; else 404, as for no such case. */
  private async withSecondFactor(raw: string, email?: string, phone?: string): Promise<CaseRecord> {
    if (!email && !phone)
      throw badRequest('email', 'give the email or the phone number used for the request');
    const c = await this.byReference(raw);
    const wanted = email
      ? { kind: 'email' as const, value: email.trim().toLowerCase() }
      : { kind: 'phone' as const, value: normalizePhone(phone!, this.config.DEFAULT_COUNTRY) ?? phone! };
    const match =
      c.partyId &&
      (await this.dataSource
        .getRepository(ContactPoint)
        .findOneBy({ partyId: c.partyId, kind: wanted.kind, value: wanted.value }));
    // The same answer for a wrong second factor as for no such case: a reference alone reveals nothing.
    if (!match) throw notFound(`case ${c.reference}`);
    return c;
  }

  /**
   * Who hears about a case, as they are now (for the notification-service, at the moment it sends):
   * the citizen who asked and those who follow it (reporters of linked duplicates), merged records
   * followed to their survivor, each with their contact points, channel, language and consent.
   */
  @Get('cases/:reference/recipients')
  @Allow('service:notification-service')
  @Audited('case.recipients', (req) => normalizeReference(param('reference')(req)) ?? param('reference')(req))
  async recipients(@Param('reference') raw: string): Promise<CaseRecipients> {
    const c = await this.byReference(raw);
    const subs = await this.dataSource.getRepository(CaseSubscription).findBy({ caseId: c.id });
    const ids = [...new Set([...(c.partyId ? [c.partyId] : []), ...subs.map((s) => s.partyId)])];
    const parties = ids.length
      ? await this.dataSource.getRepository(Party).find({
          where: ids.map((id) => ({ id, tenantId: this.config.TENANT_ID })),
          relations: { contactPoints: true },
        })
      : [];
    const survivors = parties.filter((p) => p.mergedInto).map((p) => p.mergedInto!);
    const extra = survivors.length
      ? await this.dataSource.getRepository(Party).find({
          where: survivors.map((id) => ({ id, tenantId: this.config.TENANT_ID })),
          relations: { contactPoints: true },
        })
      : [];
    const byId = new Map([...parties, ...extra].map((p) => [p.id, p]));
    const resolve = (id: string) => {
      const p = byId.get(id);
      return p?.mergedInto ? byId.get(p.mergedInto) : p;
    };
    const reporter = c.partyId ? resolve(c.partyId) : undefined;
    const seen = new Set<string>();
    const recipients: CaseRecipients['recipients'] = [];
    for (const p of [reporter, ...subs.map((s) => resolve(s.partyId))]) {
      if (!p || seen.has(p.id)) continue;
      seen.add(p.id);
      const first = (kind: string) =>
        p.contactPoints
          .filter((cp) => cp.kind === kind)
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]?.value ?? null;
      recipients.push({
        citizenId: p.id,
        role: p === reporter ? 'reporter' : 'follower',
        firstName: p.firstName,
        lastName: p.lastName,
        preferredChannel: p.preferredChannel,
        language: p.language,
        consentUpdates: p.consentUpdates,
        email: first('email'),
        phone: first('phone'),
      });
    }
    return { caseId: c.id, reference: c.reference, serviceCode: c.serviceCode, status: c.status, recipients };
  }

  /**
   * A signed-in citizen's own requests: those of the citizen record that holds their verified email
   * (followed to its survivor after a merge), and those they follow (a report of theirs was linked
   * to one already reported). Nothing of anyone else's.
   */
  @Get('me/cases')
  @Allow('citizen')
  @Audited(
    'citizen.own-cases',
    () => 'own cases',
    (r) => (r as { cases: Array<{ reference: string }> }).cases.map((c) => c.reference),
  )
  async myCases(@CurrentActor() actor: Actor) {
    if (!actor.email) return { count: 0, cases: [] };
    // The record that owns their verified email (never a record held apart from it, which an
    // anonymous sender may have filed under that email), followed to its survivor after a merge.
    const own = `SELECT coalesce(p.merged_into, p.id) FROM ${tableName(this.dataSource.manager, Party)} p JOIN ${tableName(this.dataSource.manager, ContactPoint)} cp ON cp.party_id = p.id
                 WHERE cp.tenant_id = :tenant AND cp.kind = 'email' AND cp.value = :email AND NOT cp.held_apart`;
    const rows: CaseRecord[] = await this.dataSource
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .where('c.tenant_id = :tenant', { tenant: this.config.TENANT_ID })
      .andWhere(
        `(c.party_id IN (${own}) OR c.id IN (SELECT s.case_id FROM ${tableName(this.dataSource.manager, CaseSubscription)} s WHERE s.party_id IN (${own})))`,
        { email: actor.email },
      )
      .orderBy('c.received_at', 'DESC')
      .limit(200)
      .getMany();
    return {
      count: rows.length,
      cases: rows.map((c) => ({
        reference: c.reference,
        service: c.serviceCode,
        status: c.status,
        receivedAt: c.receivedAt.toISOString(),
        summary: spokenStatus(c),
      })),
    };
  }

  /** The IVR: a short answer a voice system reads out. */
  @Get('ivr/requests/:reference/status')
  @Allow('service:intake-gateway')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  async ivrStatus(@Param('reference') raw: string): Promise<string> {
    return spokenStatus(await this.byReference(raw));
  }
}
