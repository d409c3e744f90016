import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { insertMany, tableName, TypeormTransaction } from '@city/platform-database';
import { CaseRecord } from './case.entity';
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
import { Party } from './party.entity';

/** CitizenRepository on Postgres through TypeORM. */
@Injectable()
export class TypeormCitizenRepository extends CitizenRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  private get m() {
    return this.tx.manager();
  }

  async holdings(
    wanted: Array<{ tenantId: string; kind: 'email' | 'phone'; value: string }>,
  ): Promise<ContactHolding[]> {
    if (wanted.length === 0) return [];
    const rows: Array<{
      tenant_id: string;
      kind: 'email' | 'phone';
      value: string;
      party_id: string;
      merged_into: string | null;
      held_apart: boolean;
      support_needs: boolean;
    }> = await this.m.query(
      `SELECT DISTINCT cp.tenant_id, cp.kind, cp.value, cp.party_id, p.merged_into, cp.held_apart, COALESCE(s.support_needs, p.support_needs) AS support_needs
         FROM unnest($1::text[], $2::text[], $3::text[]) AS w(tenant, kind, value)
         JOIN ${tableName(this.m, ContactPoint)} cp ON cp.tenant_id = w.tenant AND cp.kind = w.kind AND cp.value = w.value
         JOIN ${tableName(this.m, Party)} p ON p.id = cp.party_id
         LEFT JOIN ${tableName(this.m, Party)} s ON s.id = p.merged_into`,
      [wanted.map((w) => w.tenantId), wanted.map((w) => w.kind), wanted.map((w) => w.value)],
    );
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      kind: r.kind,
      value: r.value,
      partyId: r.party_id,
      mergedInto: r.merged_into,
      heldApart: r.held_apart,
      supportNeeds: r.support_needs,
    }));
  }

  insertParties(parties: NewParty[]): Promise<void> {
    return insertMany(this.m, Party, parties);
  }

  async insertContactPoints(points: NewContactPoint[]): Promise<void> {
    if (points.length === 0) return;
    // Sorted, so concurrent transactions wait for each other's contact points in one order (no deadlock).
    const sorted = [...points].sort((a, b) =>
      `${a.tenantId} ${a.kind} ${a.value}`.localeCompare(`${b.tenantId} ${b.kind} ${b.value}`),
    );
    await insertMany(this.m, ContactPoint, sorted, { ignoreConflicts: true });
  }

  byId(tenantId: string, id: string, forUpdate = false): Promise<Party | null> {
    return this.m
      .getRepository(Party)
      .findOne({ where: { id, tenantId }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' } } : {}) });
  }

  withContacts(tenantId: string, ids: string[]): Promise<Party[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.m.getRepository(Party).find({
      where: { tenantId, id: In(ids) },
      relations: { contactPoints: true },
    });
  }

  exists(tenantId: string, id: string): Promise<boolean> {
    return this.m.getRepository(Party).existsBy({ id, tenantId });
  }

  async ownerOf(tenantId: string, kind: ContactPointKind, value: string): Promise<string | null> {
    const cp = await this.m
      .getRepository(ContactPoint)
      .findOneBy({ tenantId, kind, value, heldApart: false });
    return cp?.partyId ?? null;
  }

  async lock(ids: string[]): Promise<Map<string, Party>> {
    if (ids.length === 0) return new Map();
    const parties = await this.m
      .getRepository(Party)
      .createQueryBuilder('p')
      .where('p.id IN (:...ids)', { ids })
      .orderBy('p.id')
      .setLock('pessimistic_write')
      .getMany();
    return new Map(parties.map((p) => [p.id, p]));
  }

  async save(parties: Party[]): Promise<void> {
    await this.m.getRepository(Party).save(parties);
  }

  async update(
    id: string,
    change: Partial<Pick<Party, 'consentUpdates' | 'preferredChannel' | 'language'>>,
  ): Promise<void> {
    await this.m.getRepository(Party).update({ id }, change);
  }

  async moveRecords(from: string, to: string): Promise<MovedRecords> {
    const move = async (entity: typeof CaseRecord | typeof Interaction | typeof ContactPoint) => {
      const r = await this.m
        .createQueryBuilder()
        .update(entity)
        .set({ partyId: to })
        .where('party_id = :from', { from })
        .returning(['id'])
        .execute();
      return (r.raw as Array<{ id: string }>).map((x) => x.id);
    };
    return {
      caseIds: await move(CaseRecord),
      interactionIds: await move(Interaction),
      contactPointIds: await move(ContactPoint),
    };
  }

  async moveBack(moved: MovedRecords, from: string, to: string): Promise<void> {
    const back = async (
      entity: typeof CaseRecord | typeof Interaction | typeof ContactPoint,
      ids: string[],
    ) => {
      if (ids.length === 0) return;
      await this.m
        .createQueryBuilder()
        .update(entity)
        .set({ partyId: to })
        .where('id IN (:...ids) AND party_id = :from', { ids, from })
        .execute();
    };
    await back(CaseRecord, moved.caseIds);
    await back(Interaction, moved.interactionIds);
    await back(ContactPoint, moved.contactPointIds);
  }

  addMerge(merge: NewCitizenMerge): Promise<CitizenMerge> {
    const repo = this.m.getRepository(CitizenMerge);
    return repo.save(repo.create(merge));
  }

  async saveMerge(merge: CitizenMerge): Promise<void> {
    await this.m.getRepository(CitizenMerge).save(merge);
  }

  merge(tenantId: string, id: string, forUpdate = false): Promise<CitizenMerge | null> {
    const qb = this.m
      .getRepository(CitizenMerge)
      .createQueryBuilder('g')
      .where('g.id = :id AND g.tenant_id = :tenantId', { id, tenantId });
    if (forUpdate) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  mergesOf(id: string): Promise<CitizenMerge[]> {
    return this.m
      .getRepository(CitizenMerge)
      .find({ where: [{ survivorId: id }, { mergedId: id }], order: { mergedAt: 'DESC' } });
  }

  restrictionsOf(tenantId: string, ids: string[]): Promise<CitizenRestriction[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.m
      .getRepository(CitizenRestriction)
      .find({ where: { tenantId, partyId: In(ids), liftedAt: IsNull() } });
  }

  restrict(r: NewCitizenRestriction): Promise<CitizenRestriction> {
    const repo = this.m.getRepository(CitizenRestriction);
    return repo.save(repo.create({ ...r, liftedBy: null, liftedAt: null, told: null }));
  }

  async lift(
    id: string,
    lifted: Pick<CitizenRestriction, 'liftedBy' | 'liftedAt' | 'told'>,
  ): Promise<boolean> {
    const r = await this.m.getRepository(CitizenRestriction).update({ id, liftedAt: IsNull() }, lifted);
    return (r.affected ?? 0) > 0;
  }
}
