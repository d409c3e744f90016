import type { Agent } from './agent.entity';

/** A work profile's key: the tenant and the agent's (or clerk's) id. */
export interface AgentKey {
  tenantId: string;
  id: string;
}

/** Agents' and clerks' work profiles, as the use cases need them. */
export abstract class AgentRepository {
  /** A profile, read without a lock (null when none is set). */
  abstract find(tenantId: string, id: string): Promise<Agent | null>;
  /** A profile, locked for the transaction under way (one take or assignment per agent at a time). */
  abstract lock(tenantId: string, id: string): Promise<Agent | null>;
  /** Several profiles locked at once, in (tenant, id) order so concurrent transactions cannot deadlock. */
  abstract lockMany(keys: AgentKey[]): Promise<Agent[]>;
  /** Every profile of a tenant, by id. */
  abstract list(tenantId: string): Promise<Agent[]>;
  /**
   * Sets a profile (created or replaced). A field left undefined keeps its stored value (when they
   * were last seen is not the profile's to set).
   */
  abstract put(agent: Agent): Promise<void>;
  /** Records that the agent was seen at that time, in one statement: their profile after, or null when they have none. */
  abstract markSeen(tenantId: string, id: string, at: Date): Promise<Agent | null>;
}
