import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  caseOpenedV1,
  createEnvelope,
  TOPICS,
  type ChannelDetails,
  type RequestReceivedV1,
} from '@city/contracts';
import {
  ACTIVE_STATUSES,
  boundingBox,
  duplicateLockKeys,
  findDuplicate,
  radiusFor,
  type Candidate,
} from '@city/domain-cases';
import { APP_CONFIG } from '@city/platform-config';
import { Inbox, Outbox, Transaction, type OutboxItem } from '@city/platform-database';
import type { CaseConfig } from '../../config';
import { CaseRecord } from '../../record/case.entity';
import {
  CaseRepository,
  type NewCaseLink,
  type NewSubscription,
  type NewTimelineEntry,
} from '../../record/case.repository';
import { CitizenRepository, type NewContactPoint, type NewParty } from '../../record/citizen.repository';
import type { Interaction, InteractionKind } from '../../record/interaction.entity';
import { InteractionRepository, type NewInteraction } from '../../record/interaction.repository';
import { identitiesOf, matchCitizen, vouchedFor, type Holding, type Identity } from '../match-citizen';

export const OPEN_CASE_CONSUMER = 'case-service.open-case';

function contactOf(d: ChannelDetails): {
  kind: InteractionKind;
  handledBy: string | null;
  handlerKind: Interaction['handlerKind'];
  actor: string;
} {
  switch (d.kind) {
    case 'portal':
      return { kind: 'web-submission', handledBy: null, handlerKind: 'citizen', actor: 'citizen' };
    case 'open311':
      return {
        kind: 'open311-submission',
        handledBy: d.clientId,
        handlerKind: 'client-app',
        actor: `client:${d.clientId}`,
      };
    case 'kiosk':
      return {
        kind: 'kiosk-session',
        handledBy: d.deviceId,
        handlerKind: 'device',
        actor: `kiosk:${d.deviceId}`,
      };
    case 'agent-assisted':
      return { kind: 'phone-call', handledBy: d.agentId, handlerKind: 'agent', actor: `agent:${d.agentId}` };
    case 'counter':
      return {
        kind: 'counter-visit',
        handledBy: d.clerkId,
        handlerKind: 'clerk',
        actor: `clerk:${d.clerkId}`,
      };
  }
}

type Citizen = { id: string; supportNeeds: boolean };
type Duplicate = { original: { id: string; reference: string }; distanceMetres: number | null };
/** An open case a report may duplicate, with its reference. */
type OpenCase = Candidate & { reference: string; tenantId: string };

const identityKey = (tenantId: string, id: Identity) => `${tenantId}\u0000${id.kind}\u0000${id.value}`;

/**
 * Turns citizens' requests into cases. A batch of events is one transaction: the events are claimed
 * in the inbox (a redelivery changes nothing), each citizen is matched or created, each case with its
 * interaction and first timeline entry is written, and CaseOpened goes to the outbox, for every
 * event of the batch at once, in a fixed number of statements. Each event sees the cases and
 * citizens of the events before it in the batch, so a batch has the effect of handling its events
 * one by one in order; a batch of one is the one-by-one path the consumer falls back to.
 */
@Injectable()
export class OpenCaseUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
    private readonly cases: CaseRepository,
    private readonly citizens: CitizenRepository,
    private readonly interactions: InteractionRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<CaseConfig, 'DUPLICATE_RADIUS_BY_SERVICE'>,
  ) {}

  async execute(events: RequestReceivedV1[]): Promise<{ opened: number; alreadyHandled: number }> {
    return this.tx.run(async () => {
      const claimed = await this.inbox.claim(
        OPEN_CASE_CONSUMER,
        events.map((e) => e.eventId),
      );
      const todo: RequestReceivedV1[] = [];
      for (const e of events) {
        if (claimed.delete(e.eventId)) todo.push(e); // delete: an id twice in one batch is handled once
      }
      if (todo.length === 0) return { opened: 0, alreadyHandled: events.length };
      // Ids made here, so that a report can be found as the duplicate of one earlier in the batch.
      const caseIds = new Map(todo.map((e) => [e.eventId, randomUUID()]));
      const reports = this.possibleDuplicates(todo);
      // Requests that concern the same citizen (an email or phone) or could duplicate each other (same
      // service, grid cells, property) are serialised across concurrent batches by advisory locks,
      // held to the end of the transaction: all taken in one statement, in sorted order, so that
      // batches cannot deadlock. Without them, two partitions could each create the same new citizen
      // or each miss the other's report of one pothole.
      const keys = [
        ...todo.flatMap((e) =>
          identitiesOf(e.payload.contact).map((id) => `${e.tenantId}/citizen/${id.kind}/${id.value}`),
        ),
        ...reports.flatMap((r) =>
          duplicateLockKeys(r.event.tenantId, r.event.payload.service.code, r, r.radius),
        ),
      ];
      await this.tx.lock(keys);
      const citizens = await this.matchOrCreateCitizens(todo);
      const duplicates = await this.findOpenDuplicates(reports, caseIds);

      const cases = todo.map((event) => {
        const p = event.payload;
        const duplicate = duplicates.get(event.eventId);
        return Object.assign(new CaseRecord(), {
          id: caseIds.get(event.eventId)!,
          tenantId: event.tenantId,
          workedBy: null, // until the workflow routes it to another city's queue
          anonymisedAt: null,
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
          partyId: citizens.get(event.eventId)?.id ?? null,
          queue: p.service.defaultQueue,
          assignee: null,
          firstResponseDueAt: null,
          resolutionDueAt: null,
          closesAt: null,
          duplicateOf: duplicate?.original.id ?? null,
          receivedAt: new Date(p.receivedAt),
        });
      });
      await this.cases.insert(cases);

      const subscriptions: NewSubscription[] = [];
      const interactions: NewInteraction[] = [];
      const timeline: NewTimelineEntry[] = [];
      const links: NewCaseLink[] = [];
      const outbox: OutboxItem[] = [];
      const now = new Date();
      todo.forEach((event, i) => {
        const p = event.payload;
        const c = cases[i];
        const party = citizens.get(event.eventId) ?? null;
        const duplicate = duplicates.get(event.eventId);
        const who = contactOf(p.channelDetails);
        if (party) subscriptions.push({ caseId: c.id, partyId: party.id, reason: 'reporter' });
        interactions.push({
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
        timeline.push({
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
          const away =
            duplicate.distanceMetres === null ? 'at the same property' : `${duplicate.distanceMetres} m away`;
          links.push({ fromCaseId: c.id, toCaseId: o.id, kind: 'duplicate-of', createdBy: 'case-service' });
          // The citizen hears about the original's progress, as FixMyStreet does, on every channel.
          if (party) subscriptions.push({ caseId: o.id, partyId: party.id, reason: 'duplicate-reporter' });
          timeline.push(
            {
              tenantId: event.tenantId,
              caseId: c.id,
              kind: 'linked',
              actor: 'case-service',
              channel: p.channel,
              at: now,
              summary: `Same problem as ${o.reference} (${away}); you will hear about that one`,
              details: { duplicateOf: o.id, distanceMetres: duplicate.distanceMetres },
            },
            {
              tenantId: event.tenantId,
              caseId: o.id,
              kind: 'linked',
              actor: 'case-service',
              channel: p.channel,
              at: now,
              summary: `Reported again as ${c.reference} on the ${p.channel} channel (${away})`,
              details: { duplicate: c.id },
            },
          );
        }
        outbox.push({
          topic: TOPICS.caseEvents,
          key: c.id,
          event: createEnvelope(caseOpenedV1, {
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
              duplicateOf: duplicate
                ? {
                    caseId: duplicate.original.id,
                    reference: duplicate.original.reference,
                    distanceMetres: duplicate.distanceMetres,
                  }
                : null,
              receivedAt: p.receivedAt,
              openedAt: now.toISOString(),
            },
          }),
        });
      });
      await this.cases.subscribe(subscriptions);
      await this.interactions.add(interactions);
      await this.cases.addLinks(links);
      await this.cases.addToTimeline(timeline);
      await this.outbox.enqueue(outbox);
      return { opened: todo.length, alreadyHandled: events.length - todo.length };
    });
  }

  /** The reports of a batch that could duplicate an open case: reports with a place and a radius or property. */
  private possibleDuplicates(events: RequestReceivedV1[]) {
    return events
      .map((e) => {
        const p = e.payload;
        if (p.service.interaction !== 'reporting' || !p.location) return null;
        const { lat, long, propertyId } = p.location;
        const radius = radiusFor(p.service.code, this.config.DUPLICATE_RADIUS_BY_SERVICE);
        if (!propertyId && (lat === null || long === null || radius <= 0)) return null;
        const near = lat !== null && long !== null && radius > 0 ? boundingBox({ lat, long }, radius) : null;
        return { event: e, lat, long, propertyId: propertyId ?? null, radius, near };
      })
      .filter((r) => r !== null);
  }

  /**
   * The open case each report duplicates, if any: same tenant and service, active, and the same
   * property or within the service's radius. The caller holds the locks of these reports' places;
   * within a batch, each report also sees the cases opened before it.
   */
  private async findOpenDuplicates(
    reports: ReturnType<OpenCaseUseCase['possibleDuplicates']>,
    caseIds: Map<string, string>,
  ): Promise<Map<string, Duplicate>> {
    const result = new Map<string, Duplicate>();
    if (reports.length === 0) return result;
    const found = await this.cases.duplicateCandidates(
      reports.map((r) => ({
        tenantId: r.event.tenantId,
        serviceCode: r.event.payload.service.code,
        propertyId: r.propertyId,
        near: r.near,
      })),
      ACTIVE_STATUSES,
    );
    const stored = found.map((list, i): OpenCase[] =>
      list.map((c) => ({
        ...c,
        tenantId: reports[i].event.tenantId,
        serviceCode: reports[i].event.payload.service.code,
      })),
    );
    const openedInBatch: OpenCase[] = [];
    reports.forEach((r, i) => {
      const p = r.event.payload;
      const earlier = openedInBatch.filter(
        (c) => c.tenantId === r.event.tenantId && c.serviceCode === p.service.code,
      );
      const candidates = [...stored[i], ...earlier];
      const found = findDuplicate(
        {
          serviceCode: p.service.code,
          interaction: p.service.interaction,
          lat: r.lat,
          long: r.long,
          propertyId: r.propertyId,
        },
        candidates,
        r.radius,
        ACTIVE_STATUSES,
      );
      if (found) {
        const original = candidates.find((c) => c.id === found.caseId)!;
        result.set(r.event.eventId, {
          original: { id: original.id, reference: original.reference },
          distanceMetres: found.distanceMetres,
        });
      } else {
        openedInBatch.push({
          id: caseIds.get(r.event.eventId)!,
          reference: p.reference,
          tenantId: r.event.tenantId,
          serviceCode: p.service.code,
          status: 'received',
          receivedAt: new Date(p.receivedAt),
          lat: r.lat,
          long: r.long,
          propertyId: r.propertyId,
        });
      }
    });
    return result;
  }

  /**
   * Joins each request to the citizen its email or phone belongs to (a merged record sends it on to
   * the survivor), or records a new citizen (matchCitizen decides). A contact nobody holds joins the
   * citizen's record only when a staff member took it; given on an anonymous channel, it would let its
   * sender follow the citizen's requests and redirect their messages, so that request is kept apart on
   * a new record (its contacts, the citizen's as copies) marked as a possible match for an agent to
   * merge. A contact already on another record stays where it is. Later events of the batch see
   * earlier ones' citizens.
   */
  private async matchOrCreateCitizens(events: RequestReceivedV1[]): Promise<Map<string, Citizen>> {
    const out = new Map<string, Citizen>();
    const wanted = events.flatMap((e) =>
      identitiesOf(e.payload.contact).map((id) => ({ tenantId: e.tenantId, ...id })),
    );
    if (wanted.length === 0) return out;
    const rows = await this.citizens.holdings(wanted);
    // Every record holding each contact (its owner, and copies on records kept apart from it), with the support needs of the record it leads to.
    const known = new Map<string, Array<Holding & { supportNeeds: boolean }>>();
    const hold = (tenantId: string, h: Holding & { supportNeeds: boolean }) => {
      const key = identityKey(tenantId, h);
      known.set(key, [...(known.get(key) ?? []), h]);
    };
    for (const { tenantId, ...h } of rows) hold(tenantId, h);
    const newParties: NewParty[] = [];
    const newContactPoints: NewContactPoint[] = [];
    for (const e of events) {
      const p = e.payload;
      const identities = identitiesOf(p.contact);
      if (identities.length === 0) continue;
      const holdings = identities.flatMap((id) => known.get(identityKey(e.tenantId, id)) ?? []);
      const match = matchCitizen(identities, holdings, vouchedFor(p.channelDetails));
      let citizen: Citizen;
      const contacts: Array<{ id: Identity; heldApart: boolean }> = [];
      if (match.kind === 'existing') {
        citizen = {
          id: match.partyId,
          supportNeeds: holdings.find((h) => (h.mergedInto ?? h.partyId) === match.partyId)!.supportNeeds,
        };
        contacts.push(...match.add.map((id) => ({ id, heldApart: false })));
      } else {
        citizen = { id: randomUUID(), supportNeeds: false };
        const possibleMatchOf = match.kind === 'held-apart' ? match.possibleMatchOf : null;
        newParties.push({
          id: citizen.id,
          tenantId: e.tenantId,
          firstName: p.contact?.firstName ?? null,
          lastName: p.contact?.lastName ?? null,
          preferredChannel: p.preferredChannel,
          language: p.language,
          consentUpdates: true,
          supportNeeds: false,
          mergedInto: null,
          possibleMatchOf,
        });
        if (match.kind === 'new') contacts.push(...identities.map((id) => ({ id, heldApart: false })));
        else
          contacts.push(
            ...match.own.map((id) => ({ id, heldApart: false })),
            ...match.copies.map((id) => ({ id, heldApart: true })),
          );
      }
      for (const { id, heldApart } of contacts) {
        hold(e.tenantId, {
          ...id,
          partyId: citizen.id,
          mergedInto: null,
          heldApart,
          supportNeeds: citizen.supportNeeds,
        });
        newContactPoints.push({
          tenantId: e.tenantId,
          partyId: citizen.id,
          kind: id.kind,
          value: id.value,
          propertyId: null,
          heldApart,
        });
      }
      out.set(e.eventId, citizen);
    }
    await this.citizens.insertParties(newParties);
    await this.citizens.insertContactPoints(newContactPoints);
    return out;
  }
}
