import { Agent } from './agent.entity';
import { AgentRepository, type AgentKey } from './agent.repository';

/** AgentRepository in memory, for use cases' unit tests: profiles kept as copies, locks counted. */
export class InMemoryAgentRepository extends AgentRepository {
  readonly rows = new Map<string, Agent>();
  readonly locked: AgentKey[] = [];

  private static key = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;
  private static copy = (a: Agent) =>
    Object.assign(new Agent(), {
      ...a,
      queues: [...a.queues],
      skills: [...a.skills],
      lastSeenAt: a.lastSeenAt ? new Date(a.lastSeenAt) : null,
    });

  /** Puts profiles in place (tenant `default` unless given). */
  with(...agents: Array<Partial<Agent> & { id: string }>): this {
    for (const a of agents) {
      const agent = Object.assign(new Agent(), {
        tenantId: 'default',
        queues: [],
        skills: [],
        capacity: 5,
        lastSeenAt: null,
        ...a,
      });
      this.rows.set(InMemoryAgentRepository.key(agent.tenantId, agent.id), agent);
    }
    return this;
  }

  async find(tenantId: string, id: string): Promise<Agent | null> {
    const a = this.rows.get(InMemoryAgentRepository.key(tenantId, id));
    return a ? InMemoryAgentRepository.copy(a) : null;
  }

  async lock(tenantId: string, id: string): Promise<Agent | null> {
    this.locked.push({ tenantId, id });
    return this.find(tenantId, id);
  }

  async lockMany(keys: AgentKey[]): Promise<Agent[]> {
    this.locked.push(...keys);
    const found = await Promise.all(keys.map((k) => this.find(k.tenantId, k.id)));
    return found
      .filter((a): a is Agent => a !== null)
      .sort((a, b) => a.tenantId.localeCompare(b.tenantId) || a.id.localeCompare(b.id));
  }

  async list(tenantId: string): Promise<Agent[]> {
    return [...this.rows.values()]
      .filter((a) => a.tenantId === tenantId)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map(InMemoryAgentRepository.copy);
  }

  /** As TypeORM's upsert: a field left undefined keeps its stored value. */
  async put(agent: Agent): Promise<void> {
    const key = InMemoryAgentRepository.key(agent.tenantId, agent.id);
    const kept = this.rows.get(key);
    const given = Object.fromEntries(Object.entries(agent).filter(([, v]) => v !== undefined));
    this.rows.set(
      key,
      InMemoryAgentRepository.copy(Object.assign(new Agent(), { lastSeenAt: null }, kept, given)),
    );
  }

  async markSeen(tenantId: string, id: string, at: Date): Promise<Agent | null> {
    const a = this.rows.get(InMemoryAgentRepository.key(tenantId, id));
    if (!a) return null;
    a.lastSeenAt = new Date(at);
    return { ...a, queues: [...a.queues], skills: [...a.skills] };
  }
}
