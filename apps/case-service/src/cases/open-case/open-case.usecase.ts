import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { caseOpenedV1, createEnvelope, TOPICS, type ChannelDetails, type RequestReceivedV1 } from '@city/contracts';
import { ACTIVE_STATUSES, boundingBox, duplicateLockKeys, findDuplicate, radiusFor } from '@city/domain-cases';
import { APP_CONFIG } from '@city/platform-config';
import { claimEvent, enqueueEvent } from '@city/platform-database';
import { Inject } from '@nestjs/common';
import type { CaseConfig } from '../../config';
import { CaseLink, CaseSubscription } from '../../links/case-link.entity';
import { ContactPoint } from '../../citizens/contact-point.entity';
import { chooseCitizen, identitiesOf } from '../../citizens/match-citizen';
import { Party } from '../../citizens/party.entity';
import { Interaction, type InteractionKind } from '../../interactions/interaction.entity';
import { TimelineEntry } from '../../timeline/timeline-entry.entity';
import { CaseRecord } from '../case.entity';

export const OPEN_CASE_CONSUMER = 'case-service.open-case';

function contactOf(d: ChannelDetails): { kind: InteractionKind; handledBy: string | null; handlerKind: Interaction['handlerKind']; actor: string } {
  switch (d.kind) {
    case 'portal':
      return { kind: 'web-submission', handledBy: null, handlerKind: 'citizen', actor: 'citizen' };
    case 'open311':
      return { kind: 'open311-submission', handledBy: d.clientId, handlerKind: 'client-app', actor: `client:${d.clientId}` };
    case 'kiosk':
      return { kind: 'kiosk-session', handledBy: d.deviceId, handlerKind: 'device', actor: `kiosk:${d.deviceId}` };
    case 'agent-assisted':
      return { kind: 'phone-call', handledBy: d.agentId, handlerKind: 'agent', actor: `agent:${d.agentId}` };
    case 'counter':
      return { kind: 'counter-visit', handledBy: d.clerkId, handlerKind: 'clerk', actor: `clerk:${d.clerkId}` };
  }
}

/**
 * Turns a citizen's request into a case, in one transaction: the event is claimed in the inbox (a
 * redelivery changes nothing), the citizen is matched or created, the case, the interaction and the
 * first timeline entry are written, and CaseOpened goes to the outbox.
 */
@Injectable()
export class OpenCaseUseCase {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: CaseConfig,
  ) {}

  /**
   * The open case this report duplicates, if any. Reports that could duplicate each other (same
   * service, same grid cells or property) are serialised by advisory locks for the rest of the
   * transaction, so two reports of one problem arriving together cannot both miss each other.
   */
  private async findOpenDuplicate(m: EntityManager, event: RequestReceivedV1): Promise<{ original: CaseRecord; distanceMetres: number | null } | null> {
    const p = event.payload;
    if (p.service.interaction !== 'reporting' || !p.location) return null;
    const { lat, long, propertyId } = p.location;
    const radius = radiusFor(p.service.code, this.config.DUPLICATE_RADIUS_BY_SERVICE);
    if (!propertyId && (lat === null || long === null || radius <= 0)) return null;
    // One round trip for all keys, taken in the array's (sorted) order.
    await m.query('SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) AS k', [duplicateLockKeys(event.tenantId, p.service.code, { lat, long, propertyId }, radius)]);
    const q = m
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .where('c.tenant_id = :tenant AND c.service_code = :service AND c.status IN (:...active)', { tenant: event.tenantId, service: p.service.code, active: ACTIVE_STATUSES });
    const near = lat !== null && long !== null && radius > 0 ? boundingBox({ lat, long }, radius) : null;
    q.andWhere(
      `(${propertyId ? 'c.property_id = :propertyId' : 'false'} OR ${near ? 'c.lat BETWEEN :minLat AND :maxLat AND c.long BETWEEN :minLong AND :maxLong' : 'false'})`,
      { propertyId, ...(near ?? {}) },
    );
    const candidates = await q.orderBy('c.received_at', 'ASC').limit(100).getMany();
    const found = findDuplicate(
      { serviceCode: p.service.code, interaction: p.service.interaction, lat, long, propertyId },
      candidates.map((c) => ({ id: c.id, serviceCode: c.serviceCode, status: c.status, receivedAt: c.receivedAt, lat: c.lat, long: c.long, propertyId: c.propertyId })),
      radius,
      ACTIVE_STATUSES,
    );
    if (!found) return null;
    return { original: candidates.find((c) => c.id === found.caseId)!, distanceMetres: found.distanceMetres };
  }

  execute(event: RequestReceivedV1): Promise<'opened' | 'already-handled'> {
    return this.dataSource.transaction(async (m) => {
      if (!(await claimEvent(m, OPEN_CASE_CONSUMER, event.eventId))) return 'already-handled';
      const p = event.payload;
      const party = await this.matchOrCreateCitizen(m, event);
      const duplicate = await this.findOpenDuplicate(m, event);
      const c = await m.getRepository(CaseRecord).save(
        m.getRepository(CaseRecord).create({
          tenantId: event.tenantId,
          reference: p.reference,
          serviceCode: p.service.code,
          serviceVersion: p.service.version,
          lgslId: p.service.lgslId,
          interactionType: p.service.interaction,
          status: duplicate ? 'duplicate' : 'received',
          priority: 3,
          description: p.description,
          attributes: p.attributes,
          lat: p.location?.lat ?? null,
          long: p.location?.long ?? null,
          address: p.location?.address ?? null,
          propertyId: p.location?.propertyId ?? null,
          channelOfOrigin: p.channel,
          partyId: party?.id ?? null,
          queue: p.service.defaultQueue,
          assignee: null,
          firstResponseDueAt: null,
          resolutionDueAt: null,
          duplicateOf: duplicate?.original.id ?? null,
          receivedAt: new Date(p.receivedAt),
        }),
      );
      if (party) {
        await m.getRepository(CaseSubscription).insert({ caseId: c.id, partyId: party.id, reason: 'reporter' });
      }
      const who = contactOf(p.channelDetails);
      await m.getRepository(Interaction).insert({
        tenantId: event.tenantId,
        partyId: party?.id ?? null,
        channel: p.channel,
        direction: 'inbound',
        kind: who.kind,
        handledBy: who.handledBy,
        handlerKind: who.handlerKind,
        occurredAt: new Date(p.submittedAt),
        summary: `${p.service.code} request ${p.reference}`,
        caseIds: [c.id],
        details: { channelDetails: p.channelDetails, eventId: event.eventId },
      });
      await m.getRepository(TimelineEntry).insert({
        tenantId: event.tenantId,
        caseId: c.id,
        kind: 'created',
        actor: who.actor,
        channel: p.channel,
        at: new Date(p.receivedAt),
        summary: `Request received on the ${p.channel} channel`,
        details: { eventId: event.eventId, channelDetails: p.channelDetails },
      });
      if (duplicate) {
        const o = duplicate.original;
        const away = duplicate.distanceMetres === null ? 'at the same property' : `${duplicate.distanceMetres} m away`;
        await m.getRepository(CaseLink).insert({ fromCaseId: c.id, toCaseId: o.id, kind: 'duplicate-of', createdBy: 'case-service' });
        // The citizen hears about the original's progress, as FixMyStreet does, on every channel.
        if (party) {
          await m.createQueryBuilder().insert().into(CaseSubscription).values({ caseId: o.id, partyId: party.id, reason: 'duplicate-reporter' }).orIgnore().execute();
        }
        await m.getRepository(TimelineEntry).insert([
          { tenantId: event.tenantId, caseId: c.id, kind: 'linked', actor: 'case-service', channel: p.channel, at: new Date(), summary: `Same problem as ${o.reference} (${away}); you will hear about that one`, details: { duplicateOf: o.id, distanceMetres: duplicate.distanceMetres } as never },
          { tenantId: event.tenantId, caseId: o.id, kind: 'linked', actor: 'case-service', channel: p.channel, at: new Date(), summary: `Reported again as ${c.reference} on the ${p.channel} channel (${away})`, details: { duplicate: c.id } as never },
        ]);
      }
      await enqueueEvent(
        m,
        TOPICS.caseEvents,
        c.id,
        createEnvelope(caseOpenedV1, {
          tenantId: event.tenantId,
          correlationId: event.correlationId,
          causationId: event.eventId,
          payload: {
            caseId: c.id,
            reference: c.reference,
            service: p.service,
            status: 'received',
            channel: p.channel,
            citizenId: party?.id ?? null,
            preferredChannel: p.preferredChannel,
            language: p.language,
            attributes: p.attributes,
            location: p.location,
            supportNeeds: party?.supportNeeds ?? false,
            duplicateOf: duplicate ? { caseId: duplicate.original.id, reference: duplicate.original.reference, distanceMetres: duplicate.distanceMetres } : null,
            receivedAt: p.receivedAt,
            openedAt: c.createdAt.toISOString(),
          },
        }),
      );
      return 'opened';
    });
  }

  /** Joins the request to the citizen its email or phone belongs to, or records a new citizen. */
  private async matchOrCreateCitizen(m: EntityManager, event: RequestReceivedV1): Promise<{ id: string; supportNeeds: boolean } | null> {
    const p = event.payload;
    const identities = identitiesOf(p.contact);
    if (identities.length === 0) return null;
    const found = await m
      .getRepository(ContactPoint)
      .createQueryBuilder('cp')
      .innerJoin(Party, 'p', 'p.id = cp.party_id')
      .select(['cp.kind AS kind', 'cp.party_id AS "partyId"', 'p.merged_into AS "mergedInto"', 'p.support_needs AS "supportNeeds"'])
      .where('cp.tenant_id = :tenant', { tenant: event.tenantId })
      .andWhere('(cp.kind, cp.value) IN (' + identities.map((_, i) => `(:k${i}, :v${i})`).join(', ') + ')', Object.fromEntries(identities.flatMap((id, i) => [[`k${i}`, id.kind], [`v${i}`, id.value]])))
      .getRawMany<{ kind: 'email' | 'phone'; partyId: string; mergedInto: string | null; supportNeeds: boolean }>();
    const partyId = chooseCitizen(found);
    const parties = m.getRepository(Party);
    const direct = found.find((f) => f.partyId === partyId);
    // The matched record itself needs no second read; a merged one's survivor does.
    let party: { id: string; supportNeeds: boolean } | null = direct ? { id: direct.partyId, supportNeeds: direct.supportNeeds } : partyId ? await parties.findOneByOrFail({ id: partyId }) : null;
    if (!party) {
      party = await parties.save(
        parties.create({
          tenantId: event.tenantId,
          firstName: p.contact?.firstName ?? null,
          lastName: p.contact?.lastName ?? null,
          preferredChannel: p.preferredChannel,
          language: p.language,
          consentUpdates: true,
          supportNeeds: false,
          mergedInto: null,
        }),
      );
    }
    // New contact points join the citizen's record; one already on another record stays where it is.
    const partyOf = party.id;
    await m
      .createQueryBuilder()
      .insert()
      .into(ContactPoint)
      .values(identities.map((id) => ({ tenantId: event.tenantId, partyId: partyOf, kind: id.kind, value: id.value, propertyId: null })))
      .orIgnore()
      .execute();
    return party;
  }
}
