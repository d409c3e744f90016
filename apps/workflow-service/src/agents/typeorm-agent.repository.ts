import { Injectable } from '@nestjs/common';
import { TypeormTransaction } from '@city/platform-database';
import { Agent } from './agent.entity';
import { AgentRepository, type AgentKey } from './agent.repository';

@Injectable()
export class TypeormAgentRepository extends AgentRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  private get agents() {
    return this.tx.manager().getRepository(Agent);
  }

  find(tenantId: string, id: string): Promise<Agent | null> {
    return this.agents.findOneBy({ tenantId, id });
  }

  lock(tenantId: string, id: string): Promise<Agent | null> {
    return this.agents
      .createQueryBuilder('a')
      .where('a.tenant_id = :tenantId AND a.id = :id', { tenantId, id })
      .setLock('pessimistic_write')
      .getOne();
  }

  async lockMany(keys: AgentKey[]): Promise<Agent[]> {
    if (keys.length === 0) return [];
    return this.agents
      .createQueryBuilder('a')
      .where('a.tenant_id IN (:...tenants) AND a.id IN (:...ids)', {
        tenants: [...new Set(keys.map((k) => k.tenantId))],
        ids: [...new Set(keys.map((k) => k.id))],
      })
      .orderBy('a.tenant_id')
      .addOrderBy('a.id')
      .setLock('pessimistic_write')
      .getMany();
  }

  list(tenantId: string): Promise<Agent[]> {
    return this.agents.find({ where: { tenantId }, order: { id: 'ASC' } });
  }

  async put(agent: Agent): Promise<void> {
    await this.agents.upsert(agent, ['tenantId', 'id']);
  }

  /** One UPDATE of the profile's row, returning the profile (for the presence fact). */
  async markSeen(tenantId: string, id: string, at: Date): Promise<Agent | null> {
    const result = await this.agents
      .createQueryBuilder()
      .update()
      .set({ lastSeenAt: at })
      .where('tenant_id = :tenantId AND id = :id', { tenantId, id })
      .returning(['queues', 'skills', 'capacity'])
      .execute();
    const [row] = result.raw as Array<Pick<Agent, 'queues' | 'skills' | 'capacity'>>;
    return row ? { tenantId, id, ...row, lastSeenAt: at } : null;
  }
}
