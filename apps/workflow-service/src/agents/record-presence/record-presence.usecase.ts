import { Inject, Injectable } from '@nestjs/common';
import { agentPresenceReportedV1, createEnvelope, TOPICS } from '@city/contracts';
import { Outbox, Transaction } from '@city/platform-database';
import { CLOCK, type Clock } from '../../clock';
import { SIGNED_IN_WINDOW_MS } from '../agent-presence';
import { noWorkProfile } from '../agent-errors';
import { AgentRepository } from '../agent.repository';

/**
 * An agent or clerk is at work: the console reports it every 60 s while open, and their profile
 * keeps when (by the service's clock), so a supervisor's live view shows who is signed in, and the
 * operations view hears of it (AgentPresenceReported, in the same transaction). One update; refused
 * when they have no work profile.
 */
@Injectable()
export class RecordPresenceUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly agents: AgentRepository,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(tenantId: string, agentId: string): Promise<void> {
    return this.tx.run(async () => {
      const now = this.clock.now();
      const agent = await this.agents.markSeen(tenantId, agentId, now);
      if (!agent) throw noWorkProfile(agentId);
      await this.outbox.enqueue([
        {
          topic: TOPICS.workforceEvents,
          key: agentId,
          event: createEnvelope(agentPresenceReportedV1, {
            tenantId,
            correlationId: agentId,
            occurredAt: now,
            payload: {
              agentId,
              queues: agent.queues,
              capacity: agent.capacity,
              seenAt: now.toISOString(),
              signedInUntil: new Date(now.getTime() + SIGNED_IN_WINDOW_MS).toISOString(),
            },
          }),
        },
      ]);
    });
  }
}
