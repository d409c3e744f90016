import type { DataSubject } from '@city/contracts';
import { Delivery } from './delivery.entity';
import { DeliveryRepository } from './delivery.repository';

const copy = (d: Delivery): Delivery => Object.assign(new Delivery(), d);
const newestFirst = (a: Delivery, b: Delivery) => b.at.getTime() - a.at.getTime();

/** DeliveryRepository in memory, for use cases' unit tests: each delivery written once, in order of writing. */
export class InMemoryDeliveryRepository extends DeliveryRepository {
  readonly rows: Delivery[] = [];

  /** Puts rows in as they are (a test's starting state). */
  seed(...rows: Delivery[]): void {
    this.rows.push(...rows.map(copy));
  }

  async idsOf(notificationId: string): Promise<Set<string>> {
    return new Set(this.rows.filter((d) => d.notificationId === notificationId).map((d) => d.id));
  }

  async addNew(rows: Delivery[]): Promise<Set<string>> {
    const fresh = new Set<string>();
    for (const d of rows) {
      if (this.rows.some((x) => x.id === d.id)) continue;
      this.rows.push(copy(d));
      fresh.add(d.id);
    }
    return fresh;
  }

  async ofSubject(tenantId: string, s: DataSubject): Promise<Delivery[]> {
    return this.rows
      .filter(
        (d) =>
          d.tenantId === tenantId &&
          (s.citizenIds.includes(d.citizenId) || s.contacts.some((c) => c.value === d.address)),
      )
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map(copy);
  }

  async ofCase(tenantId: string, reference: string): Promise<Delivery[]> {
    return this.rows
      .filter((d) => d.tenantId === tenantId && d.reference === reference)
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map(copy);
  }

  async ofCitizen(tenantId: string, citizenId: string, limit: number): Promise<Delivery[]> {
    return this.rows
      .filter((d) => d.tenantId === tenantId && d.citizenId === citizenId)
      .sort(newestFirst)
      .slice(0, limit)
      .map(copy);
  }

  async inboxOf(tenantId: string, citizenId: string, reference: string, limit: number): Promise<Delivery[]> {
    return this.rows
      .filter(
        (d) =>
          d.tenantId === tenantId &&
          d.citizenId === citizenId &&
          d.reference === reference &&
          d.medium === 'portal' &&
          d.outcome === 'sent',
      )
      .sort(newestFirst)
      .slice(0, limit)
      .map(copy);
  }

  async latestTextTo(
    tenantIds: readonly string[],
    numbers: string[],
    template?: string,
  ): Promise<Delivery | null> {
    const d = this.rows
      .filter(
        (x) =>
          tenantIds.includes(x.tenantId) &&
          x.medium === 'sms' &&
          numbers.includes(x.address ?? '') &&
          (template === undefined || x.template === template) &&
          x.outcome === 'sent',
      )
      .sort(newestFirst)[0];
    return d ? copy(d) : null;
  }
}
