import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { insertMany, TypeormTransaction } from '@city/platform-database';
import { Notification } from './notification.entity';
import { NotificationRepository, type PendingMark } from './notification.repository';

/** How long one worker holds a message while it sends it (longer than any send takes). */
const LEASE = "interval '2 minutes'";

@Injectable()
export class TypeormNotificationRepository extends NotificationRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  private repo() {
    return this.tx.manager().getRepository(Notification);
  }

  async addNew(rows: Notification[]): Promise<void> {
    // One statement for the whole batch, however many facts it answers.
    if (rows.length > 0) await insertMany(this.tx.manager(), Notification, rows, { ignoreConflicts: true });
  }

  async lease(ids: string[]): Promise<Notification[]> {
    if (ids.length === 0) return [];
    const leased = await this.repo()
      .createQueryBuilder()
      .update()
      .set({ leaseUntil: () => `now() + ${LEASE}`, attempts: () => 'attempts + 1' })
      .where(`id IN (:...ids) AND state = 'pending' AND (lease_until IS NULL OR lease_until < now())`, {
        ids,
      })
      .returning(['id'])
      .execute();
    const got = (leased.raw as Array<{ id: string }>).map((r) => r.id);
    return got.length === 0 ? [] : this.repo().findBy({ id: In(got) });
  }

  isPending(id: string): Promise<boolean> {
    return this.repo().existsBy({ id, state: 'pending' });
  }

  async complete(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.repo().update(
      { id: In(ids) },
      { state: 'done', completedAt: new Date(), leaseUntil: null, lastError: null },
    );
  }

  async release(id: string, error: string): Promise<void> {
    await this.repo().update({ id }, { leaseUntil: null, lastError: error });
  }

  pendingOfCase(tenantId: string, reference: string): Promise<Notification[]> {
    return this.repo().find({
      where: { tenantId, reference, state: 'pending' },
      order: { requestedAt: 'ASC' },
    });
  }

  async pendingAfter(tenantId: string, after: PendingMark, limit: number): Promise<PendingMark[]> {
    const page = await this.repo()
      .createQueryBuilder('n')
      .select(['n.id', 'n.requestedAt'])
      .where(
        `n.state = 'pending' AND n.tenant_id = :tenant AND (n.lease_until IS NULL OR n.lease_until < now())`,
        { tenant: tenantId },
      )
      .andWhere('(n.requested_at, n.id) > (:after, :afterId)', {
        after: after.requestedAt,
        afterId: after.id,
      })
      .orderBy('n.requested_at', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .limit(limit)
      .getMany();
    return page.map((n) => ({ id: n.id, requestedAt: n.requestedAt }));
  }
}
