import { Module } from '@nestjs/common';
import { AgentRepository } from './agent.repository';
import { GetAgentProfileUseCase } from './get-agent-profile/get-agent-profile.usecase';
import { SetAgentProfileUseCase } from './set-agent-profile/set-agent-profile.usecase';
import { TypeormAgentRepository } from './typeorm-agent.repository';

/** Agents' and clerks' work profiles: what the work queues and the counters read. */
@Module({
  providers: [
    { provide: AgentRepository, useClass: TypeormAgentRepository },
    SetAgentProfileUseCase,
    GetAgentProfileUseCase,
  ],
  exports: [AgentRepository, SetAgentProfileUseCase, GetAgentProfileUseCase],
})
export class AgentsModule {}
