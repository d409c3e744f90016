import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { caseOpenedV1, createEnvelope, TOPICS, type ChannelDetails, type RequestReceivedV1 } from '@city/contracts';
import { claimEvent, enqueueEvent } from '@city/platform-database';
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
  constructor(private readonly dataSource: DataSource) {}

  execute(event: RequestReceivedV1): Promise<'opened' | 'already-handled'> {
    return this.dataSource.transaction(async (m) => {
      if (!(await claimEvent(m, OPEN_CASE_CONSUMER, event.eventId))) return 'already-handled';
      const p = event.payload;
      const party = await this.matchOrCreateCitizen(m, event);
      const c = await m.getRepository(CaseRecord).save(
        m.getRepository(CaseRecord).create({
          tenantId: event.tenantId,
          reference: p.reference,
          serviceCode: p.service.code,
          serviceVersion: p.service.version,
          lgslId: p.service.lgslId,
          interactionType: p.service.interaction,
          status: 'received',
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
          duplicateOf: null,
          receivedAt: new Date(p.receivedAt),
        }),
      );
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
            receivedAt: p.receivedAt,
            openedAt: c.createdAt.toISOString(),
          },
        }),
      );
      return 'opened';
    });
  }

  /** Joins the request to the citizen its email or phone belongs to, or records a new citizen. */
  private async matchOrCreateCitizen(m: EntityManager, event: RequestReceivedV1): Promise<Party | null> {
    const p = event.payload;
    const identities = identitiesOf(p.contact);
    if (identities.length === 0) return null;
    const found = await m
      .getRepository(ContactPoint)
      .createQueryBuilder('cp')
      .innerJoin(Party, 'p', 'p.id = cp.party_id')
      .select(['cp.kind AS kind', 'cp.party_id AS "partyId"', 'p.merged_into AS "mergedInto"'])
      .where('cp.tenant_id = :tenant', { tenant: event.tenantId })
      .andWhere('(cp.kind, cp.value) IN (' + identities.map((_, i) => `(:k${i}, :v${i})`).join(', ') + ')', Object.fromEntries(identities.flatMap((id, i) => [[`k${i}`, id.kind], [`v${i}`, id.value]])))
      .getRawMany<{ kind: 'email' | 'phone'; partyId: string; mergedInto: string | null }>();
    const partyId = chooseCitizen(found);
    const parties = m.getRepository(Party);
    let party = partyId ? await parties.findOneByOrFail({ id: partyId }) : null;
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
    for (const id of identities) {
      await m
        .createQueryBuilder()
        .insert()
        .into(ContactPoint)
        .values({ tenantId: event.tenantId, partyId: party.id, kind: id.kind, value: id.value, propertyId: null })
        .orIgnore()
        .execute();
    }
    return party;
  }
}
