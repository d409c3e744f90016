import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../clock';
import { noWorkProfile } from '../agent-errors';
import { AgentRepository } from '../agent.repository';

/**
 * An agent or clerk is at work: the console reports it every 60 s while open, and their profile
 * keeps when (by the service's clock), so a supervisor's live view shows who is signed in. One
 * statement; refused when they have no work profile.
 */
@Injectable()
export class RecordPresenceUseCase {
  constructor(
    private readonly agents: AgentRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(tenantId: string, agentId: string): Promise<void> {
    if (!(await this.agents.markSeen(tenantId, agentId, this.clock.now()))) throw noWorkProfile(agentId);
  }
}
