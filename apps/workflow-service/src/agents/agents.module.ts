import { Module } from '@nestjs/common';
import { AgentRepository } from './agent.repository';
import { GetAgentProfileUseCase } from './get-agent-profile/get-agent-profile.usecase';
import { RecordPresenceUseCase } from './record-presence/record-presence.usecase';
import { SetAgentProfileUseCase } from './set-agent-profile/set-agent-profile.usecase';
import { TypeormAgentRepository } from './typeorm-agent.repository';

/** Agents' and clerks' work profiles, and when each was last seen: what the work queues and the counters read. */
@Module({
  providers: [
    { provide: AgentRepository, useClass: TypeormAgentRepository },
    SetAgentProfileUseCase,
    GetAgentProfileUseCase,
    RecordPresenceUseCase,
  ],
  exports: [AgentRepository, SetAgentProfileUseCase, GetAgentProfileUseCase, RecordPresenceUseCase],
})
export class AgentsModule {}
