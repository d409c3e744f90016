import { Injectable } from '@nestjs/common';
import type { WorkforceFactV1 } from '@city/contracts';
import { newestFacts } from '../newest-facts';
import { WorkforceRepository } from '../workforce.repository';

/**
 * Folds a batch of presence reports and ticket changes into the workforce read model: the newest per
 * agent and per ticket, each kept only when newer than what is there (so no inbox is needed: folding a
 * fact twice, or late, changes nothing). Returns how many rows it offered, for the live board.
 */
@Injectable()
export class ApplyWorkforceFactsUseCase {
  constructor(private readonly store: WorkforceRepository) {}

  async execute(facts: WorkforceFactV1[]): Promise<number> {
    const { agents, tickets } = newestFacts(facts);
    await this.store.saveAgents(agents);
    await this.store.saveTickets(tickets);
    return agents.length + tickets.length;
  }
}
