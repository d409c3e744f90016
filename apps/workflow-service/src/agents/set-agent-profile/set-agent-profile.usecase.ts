import { Injectable } from '@nestjs/common';
import { Agent } from '../agent.entity';
import { AgentRepository } from '../agent.repository';

export interface SetAgentProfile {
  tenantId: string;
  agentId: string;
  queues: string[];
  skills: string[];
  /** Items they may hold at once; the service's default when not given. */
  capacity: number;
}

/** An agent's or clerk's work profile is set (created or replaced): the queues they work, their skills, their capacity. */
@Injectable()
export class SetAgentProfileUseCase {
  constructor(private readonly agents: AgentRepository) {}

  async execute(c: SetAgentProfile): Promise<Agent> {
    const agent = Object.assign(new Agent(), {
      tenantId: c.tenantId,
      id: c.agentId,
      queues: c.queues,
      skills: c.skills,
      capacity: c.capacity,
    });
    await this.agents.put(agent);
    return agent;
  }
}
