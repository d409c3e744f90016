import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { CaseStatus } from '@city/contracts';
import { SharingAgreements } from '@city/platform-config';
import { insertMany, tableName, TypeormTransaction } from '@city/platform-database';
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
  type NearbyCase,
  type NearbySearch,
  type NewTimelineEntry,
  type PublicRequestQuery,
} from './case.repository';
import { ContactPoint } from './contact-point.entity';
import { Party } from './party.entity';
import { sharedNoteText } from './case-views';
import { TimelineEntry, type TimelineKind } from './timeline-entry.entity';

const likePattern = (s: string) => `%${s.replace(/[%_]/g, '')}%`;

/** CaseRepository on Postgres through TypeORM; the set-based statements of the intake path are here. */
@Injectable()
export class TypeormCaseRepository extends CaseRepository {
  constructor(
    private readonly tx: TypeormTransaction,
    private readonly agreements: SharingAgreements,
  ) {
    super();
  }

  /**
   * The cases a city reaches: its own, and those of another city's services it works by an agreement
   * in force (one that ended gives back its cases, open or closed).
   */
  private reachedBy(city: string): { sql: string; params: Record<string, unknown> } {
    return {
      sql: `(c.tenant_id = :city OR (c.worked_by = :city AND c.tenant_id || '/' || c.service_code = ANY(:handed)))`,
      params: { city, handed: this.agreements.workedBy(city).map((h) => `${h.owner}/${h.service}`) },
    };
  }

  private get m() {
    return this.tx.manager();
  }

  byReference(tenantId: string, reference: string, forUpdate = false): Promise<CaseRecord | null> {
    const qb = this.m
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .where('c.tenant_id = :tenantId AND c.reference = :reference', { tenantId, reference });
    if (forUpdate) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  workedByCity(city: string, reference: string, forUpdate = false): Promise<CaseRecord | null> {
    const reached = this.reachedBy(city);
    const qb = this.m
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .where(`${reached.sql} AND c.reference = :reference`, { ...reached.params, reference })
      .orderBy('CASE WHEN c.tenant_id = :city THEN 0 ELSE 1 END')
      .limit(1);
    if (forUpdate) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  byId(id: string, forUpdate = false): Promise<CaseRecord | null> {
    const qb = this.m.getRepository(CaseRecord).createQueryBuilder('c').where('c.id = :id', { id });
    if (forUpdate) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  byIds(ids: string[]): Promise<CaseRecord[]> {
    return ids.length ? this.m.getRepository(CaseRecord).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  byReferences(tenantId: string, references: string[]): Promise<CaseRecord[]> {
    return references.length
      ? this.m.getRepository(CaseRecord).findBy({ tenantId, reference: In(references) })
      : Promise.resolve([]);
  }

  save(c: CaseRecord): Promise<CaseRecord> {
    return this.m.getRepository(CaseRecord).save(c);
  }

  insert(cases: CaseRecord[]): Promise<void> {
    return insertMany(this.m, CaseRecord, cases);
  }

  /**
   * One round trip for the candidates of every search: per search, a band of latitude
   * (cases_service_lat) and the property (cases_service_property); two branches, not an OR, so that
   * each uses its index.
   */
  async duplicateCandidates(
    searches: DuplicateSearch[],
    activeStatuses: readonly CaseStatus[],
  ): Promise<DuplicateCandidate[][]> {
    const out: DuplicateCandidate[][] = searches.map(() => []);
    if (searches.length === 0) return out;
    const cases = tableName(this.m, CaseRecord);
    const columns = 'c.id, c.reference, c.status, c.received_at, c.lat, c.long, c.property_id';
    const rows: Array<{
      i: number;
      id: string;
      reference: string;
      status: string;
      received_at: Date;
      lat: number | null;
      long: number | null;
      property_id: string | null;
    }> = await this.m.query(
      `SELECT q.i, c.*
         FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::float8[]) AS q(i, tenant, service, property_id, min_lat, max_lat, min_long, max_long)
         CROSS JOIN LATERAL (
           (SELECT ${columns} FROM ${cases} c
             WHERE q.min_lat IS NOT NULL AND c.tenant_id = q.tenant AND c.service_code = q.service
               AND c.lat BETWEEN q.min_lat AND q.max_lat AND c.long BETWEEN q.min_long AND q.max_long AND c.status = ANY($9::text[]))
           UNION
           (SELECT ${columns} FROM ${cases} c
             WHERE q.property_id IS NOT NULL AND c.tenant_id = q.tenant AND c.service_code = q.service
               AND c.property_id = q.property_id AND c.status = ANY($9::text[]))
           ORDER BY received_at
           LIMIT 100) c`,
      [
        searches.map((_, i) => i),
        searches.map((s) => s.tenantId),
        searches.map((s) => s.serviceCode),
        searches.map((s) => s.propertyId),
        searches.map((s) => s.near?.minLat ?? null),
        searches.map((s) => s.near?.maxLat ?? null),
        searches.map((s) => s.near?.minLong ?? null),
        searches.map((s) => s.near?.maxLong ?? null),
        activeStatuses,
      ],
    );
    for (const r of rows) {
      out[r.i].push({
        id: r.id,
        reference: r.reference,
        status: r.status,
        receivedAt: new Date(r.received_at),
        lat: r.lat,
        long: r.long,
        propertyId: r.property_id,
      });
    }
    return out;
  }

  search(tenantId: string, q: CaseSearch): Promise<CaseRecord[]> {
    const reached = this.reachedBy(tenantId);
    const qb = this.m
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      // The city's own cases and those it works for another city; the citizen's name and contacts
      // below match only the city's own citizens (a case worked for another city is found otherwise).
      .where(reached.sql, { ...reached.params, tenant: tenantId });
    if (q.reference) qb.andWhere('c.reference = :reference', { reference: q.reference });
    if (q.service) qb.andWhere('c.service_code = :service', { service: q.service });
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.queue) qb.andWhere('c.queue = :queue', { queue: q.queue });
    if (q.address) qb.andWhere('c.address ILIKE :address', { address: likePattern(q.address) });
    if (q.contact) {
      const sub = qb
        .subQuery()
        .select('cp.party_id')
        .from(ContactPoint, 'cp')
        .where('cp.tenant_id = :tenant AND cp.kind = :kind AND cp.value = :value')
        .getQuery();
      qb.andWhere(`c.party_id IN ${sub}`, q.contact);
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
      qb.andWhere(`c.party_id IN ${sub}`, { name: likePattern(q.name) });
    }
    return qb.orderBy('c.received_at', 'DESC').limit(q.limit).getMany();
  }

  /**
   * A box within one service (cases_service_lat narrows the latitude; the rest is filtered on the
   * rows it finds), ranked by a flat approximation of the distance: longitude shrunk by the cosine of
   * the latitude, which within a kilometre orders cases as the exact distance does.
   */
  async nearby(q: NearbySearch, activeStatuses: readonly CaseStatus[]): Promise<NearbyCase[]> {
    const rows: Array<{
      id: string;
      reference: string;
      service_code: string;
      status: CaseStatus;
      received_at: Date;
      lat: number;
      long: number;
      resolution_due_at: Date | null;
    }> = await this.m.query(
      `SELECT c.id, c.reference, c.service_code, c.status, c.received_at, c.lat, c.long, c.resolution_due_at
         FROM ${tableName(this.m, CaseRecord)} c
        WHERE c.tenant_id = $1 AND c.service_code = $2
          AND c.lat BETWEEN $3 AND $4 AND c.long BETWEEN $5 AND $6
          AND c.status = ANY($7::text[])
        ORDER BY (c.lat - $8) ^ 2 + ((c.long - $9) * $10) ^ 2, c.received_at
        LIMIT $11`,
      [
        q.tenantId,
        q.serviceCode,
        q.box.minLat,
        q.box.maxLat,
        q.box.minLong,
        q.box.maxLong,
        activeStatuses,
        q.centre.lat,
        q.centre.long,
        Math.cos((q.centre.lat * Math.PI) / 180),
        q.limit,
      ],
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      serviceCode: r.service_code,
      status: r.status,
      receivedAt: new Date(r.received_at),
      lat: r.lat,
      long: r.long,
      resolutionDueAt: r.resolution_due_at ? new Date(r.resolution_due_at) : null,
    }));
  }

  async publicRequests(
    tenantId: string,
    q: PublicRequestQuery,
    activeStatuses: readonly CaseStatus[],
  ): Promise<{ rows: CaseRecord[]; total: number }> {
    if (q.serviceCodes.length === 0) return { rows: [], total: 0 };
    const qb = this.m
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .where('c.tenant_id = :tenant', { tenant: tenantId })
      .andWhere('c.service_code IN (:...codes)', { codes: q.serviceCodes });
    if (q.references) qb.andWhere('c.reference IN (:...refs)', { refs: q.references });
    if (q.window) qb.andWhere('c.received_at BETWEEN :start AND :end', q.window);
    if (q.state) {
      // A duplicate is open or closed as the case it joined is (of the same service: what Open311 shows of it).
      const shown = `CASE WHEN c.status = 'duplicate' THEN coalesce((SELECT o.status FROM ${tableName(this.m, CaseRecord)} o
        WHERE o.id = c.duplicate_of AND o.tenant_id = c.tenant_id AND o.service_code = c.service_code), c.status)
        ELSE c.status END`;
      qb.andWhere(`(${shown}) ${q.state === 'open' ? 'IN' : 'NOT IN'} (:...active)`, {
        active: activeStatuses,
      });
    }
    const [rows, total] = await qb
      .orderBy('c.received_at', 'DESC')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { rows, total };
  }

  ofCitizen(partyId: string): Promise<CaseRecord[]> {
    return this.m.getRepository(CaseRecord).find({ where: { partyId }, order: { receivedAt: 'DESC' } });
  }

  ownedByEmail(tenantId: string, email: string, limit: number): Promise<CaseRecord[]> {
    // The record that owns the email (never a record held apart from it, which an anonymous sender
    // may have filed under that email), followed to its survivor after a merge.
    const own = `SELECT coalesce(p.merged_into, p.id) FROM ${tableName(this.m, Party)} p JOIN ${tableName(this.m, ContactPoint)} cp ON cp.party_id = p.id
                 WHERE cp.tenant_id = :tenant AND cp.kind = 'email' AND cp.value = :email AND NOT cp.held_apart`;
    return this.m
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .where('c.tenant_id = :tenant', { tenant: tenantId })
      .andWhere(
        `(c.party_id IN (${own}) OR c.id IN (SELECT s.case_id FROM ${tableName(this.m, CaseSubscription)} s WHERE s.party_id IN (${own})))`,
        { email },
      )
      .orderBy('c.received_at', 'DESC')
      .limit(limit)
      .getMany();
  }

  timeline(caseId: string): Promise<TimelineEntry[]> {
    return this.m.getRepository(TimelineEntry).find({ where: { caseId }, order: { at: 'ASC', id: 'ASC' } });
  }

  /** One statement for any number of cases (timeline_case serves it), however many there are. */
  timelines(caseIds: string[], kinds: readonly TimelineKind[]): Promise<TimelineEntry[]> {
    if (caseIds.length === 0 || kinds.length === 0) return Promise.resolve([]);
    return this.m
      .getRepository(TimelineEntry)
      .createQueryBuilder('t')
      .where('t.case_id IN (:...ids)', { ids: caseIds })
      .andWhere('t.kind IN (:...kinds)', { kinds })
      .orderBy('t.at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .getMany();
  }

  addToTimeline(entries: NewTimelineEntry[]): Promise<void> {
    return insertMany(this.m, TimelineEntry, entries);
  }

  async latestSharedNotes(caseIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (caseIds.length === 0) return out;
    const notes = await this.m
      .getRepository(TimelineEntry)
      .createQueryBuilder('t')
      .where('t.case_id IN (:...ids)', { ids: caseIds })
      .andWhere(`t.kind = 'note-added' AND t.details->>'visibility' = 'shared'`)
      .orderBy('t.at', 'DESC')
      .getMany();
    for (const n of notes) {
      const text = sharedNoteText(n);
      if (text && !out.has(n.caseId)) out.set(n.caseId, text);
    }
    return out;
  }

  satisfactionOf(caseIds: string[]): Promise<CaseSatisfaction[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.m.getRepository(CaseSatisfaction).find({ where: { caseId: In(caseIds) } });
  }

  async saveSatisfaction(answer: CaseSatisfaction): Promise<void> {
    await this.m
      .getRepository(CaseSatisfaction)
      .createQueryBuilder()
      .insert()
      .values(answer)
      .orUpdate(['score', 'via', 'answered_at'], ['case_id'])
      .execute();
  }

  links(caseId: string): Promise<CaseLink[]> {
    return this.m.getRepository(CaseLink).find({ where: [{ fromCaseId: caseId }, { toCaseId: caseId }] });
  }

  link(fromCaseId: string, toCaseId: string): Promise<CaseLink | null> {
    return this.m.getRepository(CaseLink).findOneBy({ fromCaseId, toCaseId });
  }

  addLinks(links: NewCaseLink[]): Promise<void> {
    return insertMany(this.m, CaseLink, links);
  }

  subscriptions(caseId: string): Promise<CaseSubscription[]> {
    return this.m.getRepository(CaseSubscription).findBy({ caseId });
  }

  subscriptionsOf(caseIds: string[]): Promise<CaseSubscription[]> {
    return caseIds.length
      ? this.m.getRepository(CaseSubscription).findBy({ caseId: In(caseIds) })
      : Promise.resolve([]);
  }

  subscriptionsOfCitizen(partyId: string): Promise<CaseSubscription[]> {
    return this.m.getRepository(CaseSubscription).findBy({ partyId });
  }

  subscribe(subscriptions: NewSubscription[]): Promise<void> {
    return insertMany(this.m, CaseSubscription, subscriptions, { ignoreConflicts: true });
  }

  async unsubscribe(partyId: string, caseIds?: string[]): Promise<void> {
    if (caseIds?.length === 0) return;
    await this.m
      .getRepository(CaseSubscription)
      .delete(caseIds ? { partyId, caseId: In(caseIds) } : { partyId });
  }
}
