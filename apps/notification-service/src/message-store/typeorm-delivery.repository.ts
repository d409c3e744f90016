import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TypeormTransaction } from '@city/platform-database';
import type { DataSubject } from '@city/contracts';
import { Delivery } from './delivery.entity';
import { DeliveryRepository } from './delivery.repository';

@Injectable()
export class TypeormDeliveryRepository extends DeliveryRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  private repo() {
    return this.tx.manager().getRepository(Delivery);
  }

  async idsOf(notificationId: string): Promise<Set<string>> {
    const rows = await this.repo().find({ select: { id: true }, where: { notificationId } });
    return new Set(rows.map((d) => d.id));
  }

  async addNew(rows: Delivery[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const inserted = await this.tx
      .manager()
      .createQueryBuilder()
      .insert()
      .into(Delivery)
      .values(rows)
      .orIgnore()
      .returning(['id'])
      .execute();
    return new Set((inserted.raw as Array<{ id: string }>).map((x) => x.id));
  }

  ofCase(tenantId: string, reference: string): Promise<Delivery[]> {
    return this.repo().find({ where: { tenantId, reference }, order: { at: 'ASC' } });
  }

  /** Each condition by its own index (deliveries_citizen, deliveries_case, deliveries_sms_to; emails by the city's rows). */
  ofSubject(tenantId: string, s: DataSubject): Promise<Delivery[]> {
    const none = ['00000000-0000-0000-0000-000000000000'];
    return this.repo()
      .createQueryBuilder('d')
      .where('d.tenant_id = :tenantId', { tenantId })
      .andWhere('(d.citizen_id IN (:...citizens) OR d.address IN (:...addresses))', {
        citizens: s.citizenIds.length ? s.citizenIds : none,
        addresses: s.contacts.length ? s.contacts.map((c) => c.value) : [''],
      })
      .orderBy('d.at', 'ASC')
      .getMany();
  }

  ofCitizen(tenantId: string, citizenId: string, limit: number): Promise<Delivery[]> {
    return this.repo().find({ where: { tenantId, citizenId }, order: { at: 'DESC' }, take: limit });
  }

  inboxOf(tenantId: string, citizenId: string, reference: string, limit: number): Promise<Delivery[]> {
    return this.repo().find({
      where: { tenantId, citizenId, reference, medium: 'portal', outcome: 'sent' },
      order: { at: 'DESC' },
      take: limit,
    });
  }

  /** Served by the partial index deliveries_sms_to (texts only, by number, newest first). */
  latestTextTo(tenantIds: readonly string[], numbers: string[], template?: string): Promise<Delivery | null> {
    if (numbers.length === 0 || tenantIds.length === 0) return Promise.resolve(null);
    return this.repo().findOne({
      where: {
        tenantId: In([...tenantIds]),
        medium: 'sms',
        address: In(numbers),
        ...(template ? { template } : {}),
        outcome: 'sent',
      },
      order: { at: 'DESC' },
    });
  }
}
