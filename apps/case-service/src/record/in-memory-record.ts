import { SharingAgreements } from '@city/platform-config';
import { randomUUID } from 'node:crypto';
import type { CaseStatus } from '@city/contracts';
import { CaseLink, CaseSubscription } from './case-link.entity';
import { CaseRecord } from './case.entity';
import { CaseSatisfaction } from './case-satisfaction.entity';
import {
  CaseRepository,
  type CaseSearch,
  type DuplicateCandidate,
  type DuplicateSearch,
  type NewCaseLink,
  type NewSubscription,
  type NearbySearch,
  type NewTimelineEntry,
  type PublicRequestQuery,
} from './case.repository';
import { CitizenMerge } from './citizen-merge.entity';
import { CitizenRestriction } from './citizen-restriction.entity';
import {
  CitizenRepository,
  type ContactHolding,
  type MovedRecords,
  type NewCitizenMerge,
  type NewCitizenRestriction,
  type NewContactPoint,
  type NewParty,
} from './citizen.repository';
import { ContactPoint, type ContactPointKind } from './contact-point.entity';
import { Interaction } from './interaction.entity';
import { InteractionRepository, type NewInteraction } from './interaction.repository';
import { Party } from './party.entity';
import { sharedNoteText } from './case-views';
import { TimelineEntry, type TimelineKind } from './timeline-entry.entity';

/**
 * The unified record in memory, behind the same three ports as Postgres: for use cases' unit tests.
 * Rows are kept as the database would keep them (ids, versions, timestamps); reads return copies,
 * so a use case that changes an entity and does not save it changes nothing here.
 */
export class InMemoryRecord {
  cases: CaseRecord[] = [];
  timelineEntries: TimelineEntry[] = [];
  caseLinks: CaseLink[] = [];
  caseSubscriptions: CaseSubscription[] = [];
  parties: Party[] = [];
  contactPoints: ContactPoint[] = [];
  merges: CitizenMerge[] = [];
  restrictions: CitizenRestriction[] = [];
  interactionRows: Interaction[] = [];
  satisfaction: CaseSatisfaction[] = [];
  private serial = 0;

  readonly caseRepository: CaseRepository;
  readonly citizenRepository: CitizenRepository;
  readonly interactionRepository: InteractionRepository;

  /** The sharing agreements in force (none unless a test says). */
  agreements = SharingAgreements.none();

  /** A city's own case, or one of another city's services it works by an agreement in force. */
  reachedBy(city: string, c: CaseRecord): boolean {
    return (
      c.tenantId === city ||
      (c.workedBy === city && this.agreements.workerOf(c.tenantId, c.serviceCode) === city)
    );
  }

  constructor(private readonly now: () => Date = () => new Date()) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const record = this;
    this.caseRepository = new (class extends CaseRepository {
      async byReference(tenantId: string, reference: string) {
        return copy(record.cases.find((c) => c.tenantId === tenantId && c.reference === reference));
      }
      async workedByCity(city: string, reference: string) {
        const theirs = (c: CaseRecord) => c.reference === reference;
        return copy(
          record.cases.find((c) => theirs(c) && c.tenantId === city) ??
            record.cases.find((c) => theirs(c) && record.reachedBy(city, c)),
        );
      }
      async byId(id: string) {
        return copy(record.cases.find((c) => c.id === id));
      }
      async byReferences(tenantId: string, references: string[]) {
        return record.cases
          .filter((c) => c.tenantId === tenantId && references.includes(c.reference))
          .map((c) => copy(c)!);
      }
      async byIds(ids: string[]) {
        return record.cases.filter((c) => ids.includes(c.id)).map((c) => copy(c)!);
      }
      async save(c: CaseRecord) {
        const i = record.cases.findIndex((x) => x.id === c.id);
        const saved = Object.assign(new CaseRecord(), c, { version: c.version + 1, updatedAt: record.now() });
        if (i >= 0) record.cases[i] = saved;
        else record.cases.push(saved);
        return copy(saved)!;
      }
      async insert(cases: CaseRecord[]) {
        for (const c of cases)
          record.cases.push(
            Object.assign(new CaseRecord(), c, {
              version: 1,
              createdAt: record.now(),
              updatedAt: record.now(),
            }),
          );
      }
      async duplicateCandidates(searches: DuplicateSearch[], active: readonly CaseStatus[]) {
        return searches.map((s): DuplicateCandidate[] =>
          record.cases
            .filter(
              (c) =>
                c.tenantId === s.tenantId &&
                c.serviceCode === s.serviceCode &&
                active.includes(c.status) &&
                ((s.propertyId !== null && c.propertyId === s.propertyId) ||
                  (s.near !== null &&
                    c.lat !== null &&
                    c.long !== null &&
                    c.lat >= s.near.minLat &&
                    c.lat <= s.near.maxLat &&
                    c.long >= s.near.minLong &&
                    c.long <= s.near.maxLong)),
            )
            .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())
            .slice(0, 100)
            .map((c) => ({
              id: c.id,
              reference: c.reference,
              status: c.status,
              receivedAt: c.receivedAt,
              lat: c.lat,
              long: c.long,
              propertyId: c.propertyId,
            })),
        );
      }
      async search(tenantId: string, q: CaseSearch) {
        const holders = (pred: (p: Party) => boolean) =>
          new Set(record.parties.filter((p) => p.tenantId === tenantId && pred(p)).map((p) => p.id));
        const byContact = q.contact
          ? new Set(
              record.contactPoints
                .filter(
                  (cp) =>
                    cp.tenantId === tenantId && cp.kind === q.contact!.kind && cp.value === q.contact!.value,
                )
                .map((cp) => cp.partyId),
            )
          : null;
        const byName = q.name
          ? holders((p) =>
              `${p.firstName ?? ''} ${p.lastName ?? ''}`.toLowerCase().includes(q.name!.toLowerCase()),
            )
          : null;
        return newestFirst(
          record.cases.filter(
            (c) =>
              record.reachedBy(tenantId, c) &&
              (!q.reference || c.reference === q.reference) &&
              (!q.service || c.serviceCode === q.service) &&
              (!q.status || c.status === q.status) &&
              (!q.queue || c.queue === q.queue) &&
              (!q.address || (c.address ?? '').toLowerCase().includes(q.address.toLowerCase())) &&
              (!byContact || (c.partyId !== null && byContact.has(c.partyId))) &&
              (!byName || (c.partyId !== null && byName.has(c.partyId))),
          ),
        )
          .slice(0, q.limit)
          .map((c) => copy(c)!);
      }
      async nearby(q: NearbySearch, active: readonly CaseStatus[]) {
        const k = Math.cos((q.centre.lat * Math.PI) / 180);
        const away = (c: CaseRecord) => (c.lat! - q.centre.lat) ** 2 + ((c.long! - q.centre.long) * k) ** 2;
        return record.cases
          .filter(
            (c) =>
              c.tenantId === q.tenantId &&
              c.serviceCode === q.serviceCode &&
              active.includes(c.status) &&
              c.lat !== null &&
              c.long !== null &&
              c.lat >= q.box.minLat &&
              c.lat <= q.box.maxLat &&
              c.long >= q.box.minLong &&
              c.long <= q.box.maxLong,
          )
          .sort((a, b) => away(a) - away(b) || a.receivedAt.getTime() - b.receivedAt.getTime())
          .slice(0, q.limit)
          .map((c) => ({
            id: c.id,
            reference: c.reference,
            serviceCode: c.serviceCode,
            status: c.status,
            receivedAt: c.receivedAt,
            lat: c.lat!,
            long: c.long!,
            resolutionDueAt: c.resolutionDueAt,
          }));
      }
      async publicRequests(tenantId: string, q: PublicRequestQuery, active: readonly CaseStatus[]) {
        // A duplicate is open or closed as the case of the same service it joined is.
        const shown = (c: CaseRecord) => {
          const o = c.status === 'duplicate' ? record.cases.find((x) => x.id === c.duplicateOf) : undefined;
          return o && o.tenantId === c.tenantId && o.serviceCode === c.serviceCode ? o.status : c.status;
        };
        const all = newestFirst(
          record.cases.filter(
            (c) =>
              c.tenantId === tenantId &&
              q.serviceCodes.includes(c.serviceCode) &&
              (!q.references || q.references.includes(c.reference)) &&
              (!q.window || (c.receivedAt >= q.window.start && c.receivedAt <= q.window.end)) &&
              (!q.state || (q.state === 'open') === active.includes(shown(c))),
          ),
        );
        const rows = all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize).map((c) => copy(c)!);
        return { rows, total: all.length };
      }
      async ofCitizen(partyId: string) {
        return newestFirst(record.cases.filter((c) => c.partyId === partyId)).map((c) => copy(c)!);
      }
      async ownedByEmail(tenantId: string, email: string, limit: number) {
        const owners = new Set(
          record.contactPoints
            .filter(
              (cp) => cp.tenantId === tenantId && cp.kind === 'email' && cp.value === email && !cp.heldApart,
            )
            .map((cp) => {
              const p = record.parties.find((x) => x.id === cp.partyId);
              return p?.mergedInto ?? cp.partyId;
            }),
        );
        const followed = new Set(
          record.caseSubscriptions.filter((s) => owners.has(s.partyId)).map((s) => s.caseId),
        );
        return newestFirst(
          record.cases.filter(
            (c) =>
              c.tenantId === tenantId &&
              ((c.partyId !== null && owners.has(c.partyId)) || followed.has(c.id)),
          ),
        )
          .slice(0, limit)
          .map((c) => copy(c)!);
      }
      async timeline(caseId: string) {
        return record.timelineEntries.filter((t) => t.caseId === caseId).map((t) => ({ ...t }));
      }
      async timelines(caseIds: string[], kinds: readonly TimelineKind[]) {
        return record.timelineEntries
          .filter((t) => caseIds.includes(t.caseId) && kinds.includes(t.kind))
          .sort((a, b) => a.at.getTime() - b.at.getTime() || Number(a.id) - Number(b.id))
          .map((t) => ({ ...t }));
      }
      async addToTimeline(entries: NewTimelineEntry[]) {
        for (const e of entries)
          record.timelineEntries.push(Object.assign(new TimelineEntry(), e, { id: String(++record.serial) }));
      }
      async latestSharedNotes(caseIds: string[]) {
        const out = new Map<string, string>();
        for (const t of [...record.timelineEntries].reverse()) {
          const text = sharedNoteText(t);
          if (caseIds.includes(t.caseId) && text && !out.has(t.caseId)) out.set(t.caseId, text);
        }
        return out;
      }
      async satisfactionOf(caseIds: string[]) {
        return record.satisfaction
          .filter((s) => caseIds.includes(s.caseId))
          .map((s) => Object.assign(new CaseSatisfaction(), s));
      }
      async saveSatisfaction(answer: CaseSatisfaction) {
        record.satisfaction = [
          ...record.satisfaction.filter((s) => s.caseId !== answer.caseId),
          Object.assign(new CaseSatisfaction(), answer),
        ];
      }
      async links(caseId: string) {
        return record.caseLinks.filter((l) => l.fromCaseId === caseId || l.toCaseId === caseId);
      }
      async link(fromCaseId: string, toCaseId: string) {
        return record.caseLinks.find((l) => l.fromCaseId === fromCaseId && l.toCaseId === toCaseId) ?? null;
      }
      async addLinks(links: NewCaseLink[]) {
        for (const l of links)
          record.caseLinks.push(Object.assign(new CaseLink(), l, { createdAt: record.now() }));
      }
      async subscriptions(caseId: string) {
        return record.caseSubscriptions.filter((s) => s.caseId === caseId);
      }
      async subscriptionsOf(caseIds: string[]) {
        return record.caseSubscriptions.filter((s) => caseIds.includes(s.caseId));
      }
      async subscriptionsOfCitizen(partyId: string) {
        return record.caseSubscriptions.filter((s) => s.partyId === partyId);
      }
      async subscribe(subscriptions: NewSubscription[]) {
        for (const s of subscriptions)
          if (!record.caseSubscriptions.some((x) => x.caseId === s.caseId && x.partyId === s.partyId))
            record.caseSubscriptions.push(
              Object.assign(new CaseSubscription(), s, { createdAt: record.now() }),
            );
      }
      async unsubscribe(partyId: string, caseIds?: string[]) {
        record.caseSubscriptions = record.caseSubscriptions.filter(
          (s) => !(s.partyId === partyId && (!caseIds || caseIds.includes(s.caseId))),
        );
      }
    })();

    this.citizenRepository = new (class extends CitizenRepository {
      async holdings(wanted: Array<{ tenantId: string; kind: 'email' | 'phone'; value: string }>) {
        return record.contactPoints
          .filter((cp) =>
            wanted.some((w) => w.tenantId === cp.tenantId && w.kind === cp.kind && w.value === cp.value),
          )
          .map((cp): ContactHolding => {
            const p = record.parties.find((x) => x.id === cp.partyId)!;
            const survivor = p.mergedInto ? record.parties.find((x) => x.id === p.mergedInto) : undefined;
            return {
              tenantId: cp.tenantId,
              kind: cp.kind as 'email' | 'phone',
              value: cp.value,
              partyId: cp.partyId,
              mergedInto: p.mergedInto,
              heldApart: cp.heldApart,
              supportNeeds: (survivor ?? p).supportNeeds,
            };
          });
      }
      async insertParties(parties: NewParty[]) {
        for (const p of parties)
          record.parties.push(
            Object.assign(new Party(), p, {
              version: 1,
              createdAt: record.now(),
              updatedAt: record.now(),
              erasedAt: null,
            }),
          );
      }
      async insertContactPoints(points: NewContactPoint[]) {
        for (const cp of points) {
          const taken = record.contactPoints.some(
            (x) =>
              x.tenantId === cp.tenantId &&
              x.kind === cp.kind &&
              x.value === cp.value &&
              !x.heldApart &&
              !cp.heldApart,
          );
          if (!taken)
            record.contactPoints.push(
              Object.assign(new ContactPoint(), cp, { id: randomUUID(), createdAt: record.now() }),
            );
        }
      }
      async byId(tenantId: string, id: string) {
        return copy(record.parties.find((p) => p.id === id && p.tenantId === tenantId));
      }
      async withContacts(tenantId: string, ids: string[]) {
        return record.parties
          .filter((p) => p.tenantId === tenantId && ids.includes(p.id))
          .map((p) =>
            Object.assign(copy(p)!, {
              contactPoints: record.contactPoints.filter((cp) => cp.partyId === p.id),
            }),
          );
      }
      async exists(tenantId: string, id: string) {
        return record.parties.some((p) => p.id === id && p.tenantId === tenantId);
      }
      async ownerOf(tenantId: string, kind: ContactPointKind, value: string) {
        return (
          record.contactPoints.find(
            (cp) => cp.tenantId === tenantId && cp.kind === kind && cp.value === value && !cp.heldApart,
          )?.partyId ?? null
        );
      }
      async lock(ids: string[]) {
        return new Map(record.parties.filter((p) => ids.includes(p.id)).map((p) => [p.id, copy(p)!]));
      }
      async save(parties: Party[]) {
        for (const p of parties) {
          const i = record.parties.findIndex((x) => x.id === p.id);
          record.parties[i] = Object.assign(new Party(), p, {
            version: p.version + 1,
            updatedAt: record.now(),
          });
        }
      }
      async update(
        id: string,
        change: Partial<Pick<Party, 'consentUpdates' | 'preferredChannel' | 'language'>>,
      ) {
        const p = record.parties.find((x) => x.id === id);
        if (p) Object.assign(p, change);
      }
      async moveRecords(from: string, to: string): Promise<MovedRecords> {
        const move = <T extends { id: string; partyId: string | null }>(rows: T[]) =>
          rows.filter((r) => r.partyId === from).map((r) => ((r.partyId = to), r.id));
        return {
          caseIds: move(record.cases),
          interactionIds: move(record.interactionRows),
          contactPointIds: move(record.contactPoints),
        };
      }
      async moveBack(moved: MovedRecords, from: string, to: string) {
        const back = <T extends { id: string; partyId: string | null }>(rows: T[], ids: string[]) => {
          for (const r of rows) if (ids.includes(r.id) && r.partyId === from) r.partyId = to;
        };
        back(record.cases, moved.caseIds);
        back(record.interactionRows, moved.interactionIds);
        back(record.contactPoints, moved.contactPointIds);
      }
      async addMerge(merge: NewCitizenMerge) {
        const saved = Object.assign(new CitizenMerge(), merge, { id: randomUUID() });
        record.merges.push(saved);
        return { ...saved };
      }
      async saveMerge(merge: CitizenMerge) {
        const i = record.merges.findIndex((x) => x.id === merge.id);
        record.merges[i] = { ...merge };
      }
      async merge(tenantId: string, id: string) {
        const m = record.merges.find((x) => x.id === id && x.tenantId === tenantId);
        return m ? { ...m } : null;
      }
      async mergesOf(id: string) {
        return record.merges
          .filter((m) => m.survivorId === id || m.mergedId === id)
          .sort((a, b) => b.mergedAt.getTime() - a.mergedAt.getTime());
      }
      async restrictionsOf(tenantId: string, ids: string[]) {
        return record.restrictions.filter(
          (r) => r.tenantId === tenantId && ids.includes(r.partyId) && r.liftedAt === null,
        );
      }
      async restrict(r: NewCitizenRestriction) {
        const made = Object.assign(new CitizenRestriction(), {
          ...r,
          id: randomUUID(),
          liftedBy: null,
          liftedAt: null,
          told: null,
        });
        record.restrictions.push(made);
        return made;
      }
      async lift(id: string, lifted: Pick<CitizenRestriction, 'liftedBy' | 'liftedAt' | 'told'>) {
        const r = record.restrictions.find((x) => x.id === id && x.liftedAt === null);
        if (r) Object.assign(r, lifted);
        return r !== undefined;
      }
    })();

    this.interactionRepository = new (class extends InteractionRepository {
      async add(interactions: NewInteraction[]) {
        for (const i of interactions)
          record.interactionRows.push(Object.assign(new Interaction(), i, { id: randomUUID() }));
      }
      async ofCase(caseId: string) {
        return record.interactionRows
          .filter((i) => i.caseIds.includes(caseId))
          .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
      }
      async ofCitizen(partyId: string) {
        return record.interactionRows
          .filter((i) => i.partyId === partyId)
          .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime());
      }
    })();
  }

  /** A case as the intake would have opened it, with what a test sets. */
  addCase(fields: Partial<CaseRecord> = {}): CaseRecord {
    const c = Object.assign(new CaseRecord(), {
      id: randomUUID(),
      tenantId: 'default',
      workedBy: null,
      anonymisedAt: null,
      reference: 'ABCD-EFGH-JKM',
      serviceCode: 'pothole',
      serviceVersion: 1,
      lgslId: 1,
      interactionType: 'reporting',
      status: 'open',
      priority: 3,
      description: null,
      attributes: {},
      lat: null,
      long: null,
      address: null,
      propertyId: null,
      channelOfOrigin: 'web',
      partyId: null,
      queue: 'highways',
      assignee: null,
      firstResponseDueAt: null,
      resolutionDueAt: null,
      closesAt: null,
      duplicateOf: null,
      receivedAt: this.now(),
      createdAt: this.now(),
      updatedAt: this.now(),
      version: 1,
      ...fields,
    } satisfies Partial<CaseRecord>);
    this.cases.push(c);
    return copy(c)!;
  }

  /** A citizen's record with contact points (email and phone as given). */
  addCitizen(
    fields: Partial<Party> = {},
    contacts: Array<{ kind: ContactPointKind; value: string; heldApart?: boolean }> = [],
  ): Party {
    const p = Object.assign(new Party(), {
      id: randomUUID(),
      tenantId: 'default',
      firstName: null,
      lastName: null,
      preferredChannel: 'email',
      language: 'en',
      consentUpdates: true,
      supportNeeds: false,
      mergedInto: null,
      possibleMatchOf: null,
      erasedAt: null,
      createdAt: this.now(),
      updatedAt: this.now(),
      version: 1,
      ...fields,
    } satisfies Partial<Party>);
    this.parties.push(p);
    for (const c of contacts)
      this.contactPoints.push(
        Object.assign(new ContactPoint(), {
          id: randomUUID(),
          tenantId: p.tenantId,
          partyId: p.id,
          kind: c.kind,
          value: c.value,
          propertyId: null,
          heldApart: c.heldApart ?? false,
          createdAt: this.now(),
        }),
      );
    return { ...p } as Party;
  }

  timelineOf(caseId: string): TimelineEntry[] {
    return this.timelineEntries.filter((t) => t.caseId === caseId);
  }

  caseOf(reference: string): CaseRecord | undefined {
    return this.cases.find((c) => c.reference === reference);
  }
}

function copy<T extends object>(x: T | undefined): T | null {
  return x ? (Object.assign(Object.create(Object.getPrototypeOf(x) as object) as T, x) as T) : null;
}

const newestFirst = (cases: CaseRecord[]) =>
  [...cases].sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
