import { Injectable } from '@nestjs/common';
import { noWorkProfile } from '../agent-errors';
import type { Agent } from '../agent.entity';
import { AgentRepository } from '../agent.repository';

/** An agent's or clerk's work profile, read (so a desktop can show it without setting it); refused when none is set. */
@Injectable()
export class GetAgentProfileUseCase {
  constructor(private readonly agents: AgentRepository) {}

  async execute(tenantId: string, agentId: string): Promise<Agent> {
    const agent = await this.agents.find(tenantId, agentId);
    if (!agent) throw noWorkProfile(agentId);
    return agent;
  }
}
