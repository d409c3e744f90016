import { SlaClock, type SlaTargetKind } from './sla-clock.entity';
import { SlaClockRepository, type ClockCursor } from './sla-clock.repository';

const copy = (c: SlaClock): SlaClock =>
  Object.assign(new SlaClock(), { ...c, pauses: c.pauses.map((p) => ({ ...p })) });
const keyOf = (caseId: string, target: string) => `${caseId}\u0000${target}`;

/** SlaClockRepository in memory, for use cases' unit tests. */
export class InMemorySlaClockRepository extends SlaClockRepository {
  readonly rows = new Map<string, SlaClock>();

  /** A running clock with plain defaults, for tests to put in place. */
  static clock(over: Partial<SlaClock> & { caseId: string; target: SlaTargetKind }): SlaClock {
    return Object.assign(new SlaClock(), {
      tenantId: 'default',
      reference: `REF-${over.caseId}`,
      targetValue: 5,
      targetUnit: 'working-days',
      calendar: 'city',
      startedAt: new Date('2026-03-02T08:00:00Z'),
      pauses: [],
      warnAt: null,
      dueAt: null,
      state: 'running',
      warnedAt: null,
      breachedAt: null,
      ...over,
    });
  }

  with(...clocks: Array<Partial<SlaClock> & { caseId: string; target: SlaTargetKind }>): this {
    for (const c of clocks) this.rows.set(keyOf(c.caseId, c.target), InMemorySlaClockRepository.clock(c));
    return this;
  }

  get(caseId: string, target: SlaTargetKind): SlaClock | undefined {
    return this.rows.get(keyOf(caseId, target));
  }

  async lockOfCase(caseId: string): Promise<SlaClock[]> {
    return this.ofCase(caseId);
  }

  async lockOne(caseId: string, target: SlaTargetKind): Promise<SlaClock | null> {
    return this.findOne(caseId, target);
  }

  async findOne(caseId: string, target: SlaTargetKind): Promise<SlaClock | null> {
    const c = this.rows.get(keyOf(caseId, target));
    return c ? copy(c) : null;
  }

  async ofCase(caseId: string): Promise<SlaClock[]> {
    return [...this.rows.values()].filter((c) => c.caseId === caseId).map(copy);
  }

  async ofCases(tenantId: string, caseIds: string[], target: SlaTargetKind): Promise<SlaClock[]> {
    return caseIds.flatMap((id) => {
      const c = this.rows.get(keyOf(id, target));
      return c && c.tenantId === tenantId ? [copy(c)] : [];
    });
  }

  async save(clocks: SlaClock[]): Promise<void> {
    for (const c of clocks) this.rows.set(keyOf(c.caseId, c.target), copy(c));
  }

  async addNew(clocks: SlaClock[]): Promise<void> {
    for (const c of clocks)
      if (!this.rows.has(keyOf(c.caseId, c.target))) this.rows.set(keyOf(c.caseId, c.target), copy(c));
  }

  async livePage(
    tenantId: string,
    after: ClockCursor,
    horizon: Date | null,
    limit: number,
  ): Promise<SlaClock[]> {
    const key = (c: { caseId: string; target: string }) => keyOf(c.caseId, c.target);
    return [...this.rows.values()]
      .filter((c) => c.tenantId === tenantId && (c.state === 'running' || c.state === 'warned'))
      .filter((c) => key(c) > key(after))
      .filter(
        (c) =>
          !horizon || (c.warnAt !== null && c.warnAt <= horizon) || (c.dueAt !== null && c.dueAt <= horizon),
      )
      .sort((a, b) => (key(a) < key(b) ? -1 : 1))
      .slice(0, limit)
      .map(copy);
  }
}
