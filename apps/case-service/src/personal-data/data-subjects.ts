import { Injectable } from '@nestjs/common';
import { DomainError, type DataSubject } from '@city/contracts';
import type { CaseRecord } from '../record/case.entity';
import { CaseRepository } from '../record/case.repository';
import type { CitizenMerge } from '../record/citizen-merge.entity';
import { CitizenRepository } from '../record/citizen.repository';
import { survivorOf } from '../record/merge-chain';
import type { Party } from '../record/party.entity';

/** Whose data: a record staff found (after checking who is asking), or the citizen signed in (by their verified email). */
export type SubjectOf = { citizenId: string } | { verifiedEmail: string };

/** A data subject as the record knows them, and as the other services are asked about them. */
export interface KnownSubject {
  /** Their record (the survivor, after a merge); null when the city has none. */
  record: Party | null;
  /** The records merged into it (not undone), and those merged into them. */
  merges: CitizenMerge[];
  /** Their cases. */
  own: CaseRecord[];
  /** The cases they follow and did not make. */
  followed: CaseRecord[];
  subject: DataSubject;
}

/**
 * Works out who a citizen is (docs/personal-data.md): the record staff name, or the one that owns
 * the signed-in citizen's verified email (never a record held apart from it), followed to its
 * survivor after a merge; with it the records merged into it, their cases and the cases they follow,
 * and their contacts. Run it inside the caller's transaction or snapshot.
 */
@Injectable()
export class DataSubjects {
  constructor(
    private readonly citizens: CitizenRepository,
    private readonly cases: CaseRepository,
  ) {}

  /** The record a merged one lives on in, with its contacts (itself at the end of a broken chain). */
  private async livesOnIn(city: string, p: Party): Promise<Party> {
    const read = async (id: string) =>
      id === p.id ? p : ((await this.citizens.withContacts(city, [id]))[0] ?? null);
    return (await survivorOf(read, p.id)) ?? p;
  }

  private async recordOf(city: string, who: SubjectOf): Promise<Party | null> {
    if ('citizenId' in who) {
      const [p] = await this.citizens.withContacts(city, [who.citizenId]);
      if (!p) throw DomainError.notFound('citizen.not-found', `citizen ${who.citizenId} not found`);
      return this.livesOnIn(city, p);
    }
    const owner = (
      await this.citizens.holdings([{ tenantId: city, kind: 'email', value: who.verifiedEmail }])
    ).find((h) => !h.heldApart);
    if (!owner) return null;
    const [p] = await this.citizens.withContacts(city, [owner.partyId]);
    return p ? this.livesOnIn(city, p) : null;
  }

  /** Every merge into the record not undone, and the merges into those, to the start of each chain. */
  private async mergesInto(record: Party): Promise<CitizenMerge[]> {
    const merges: CitizenMerge[] = [];
    for (let survivors = [record.id]; survivors.length > 0;) {
      const next: string[] = [];
      for (const id of survivors)
        for (const m of await this.citizens.mergesOf(id))
          if (m.survivorId === id && !m.reversedAt && !merges.some((x) => x.id === m.id)) {
            merges.push(m);
            next.push(m.mergedId);
          }
      survivors = next.filter((id) => id !== record.id);
    }
    return merges;
  }

  async of(city: string, who: SubjectOf): Promise<KnownSubject> {
    const record = await this.recordOf(city, who);
    const merges = record ? await this.mergesInto(record) : [];
    const own = (record ? await this.cases.ofCitizen(record.id) : []).filter((c) => c.tenantId === city);
    const followedIds = record
      ? (await this.cases.subscriptionsOfCitizen(record.id))
          .map((s) => s.caseId)
          .filter((id) => !own.some((c) => c.id === id))
      : [];
    const followed = (await this.cases.byIds(followedIds)).filter((c) => c.tenantId === city);
    // The contacts they own: a contact held apart on their record is a copy of one another record
    // owns (a doubtful match), and asking the other services by it would give or take that person's.
    const contacts = [
      ...(record?.contactPoints ?? [])
        .filter((cp) => !cp.heldApart)
        .map((cp) => ({ kind: cp.kind, value: cp.value })),
      ...('verifiedEmail' in who ? [{ kind: 'email' as const, value: who.verifiedEmail }] : []),
    ].filter(
      (c, i, all): c is { kind: 'email' | 'phone'; value: string } =>
        (c.kind === 'email' || c.kind === 'phone') &&
        all.findIndex((x) => x.kind === c.kind && x.value === c.value) === i,
    );
    // Their own cases only: a case they follow is another citizen's (its words, its messages).
    return {
      record,
      merges,
      own,
      followed,
      subject: {
        citizenIds: record ? [record.id, ...merges.map((m) => m.mergedId)] : [],
        caseIds: own.map((c) => c.id),
        caseReferences: own.map((c) => c.reference),
        contacts,
      },
    };
  }
}
