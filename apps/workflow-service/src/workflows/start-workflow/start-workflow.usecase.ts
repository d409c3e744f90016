import { Injectable } from '@nestjs/common';
import type { CaseOpenedV1 } from '@city/contracts';
import { Inbox, Transaction } from '@city/platform-database';
import type { SlaClock } from '../../clocks/sla-clock.entity';
import { catalogueNotReady } from '../../routing/case-facts';
import { ServiceCatalogue } from '../service-catalogue';
import { WorkflowRunner } from '../workflow-runner';

export const START_WORKFLOW_CONSUMER = 'workflow-service.start-workflow';

/**
 * A new case runs its service's workflow, the same from every channel: its first steps (clocks on
 * the business calendar, routing to a queue, a message to the citizen...) in one transaction with
 * the claim of the event; a batch of new cases is one transaction. A duplicate runs nothing: the
 * original carries the work.
 */
@Injectable()
export class StartWorkflowUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly inbox: Inbox,
    private readonly catalogue: ServiceCatalogue,
    private readonly runner: WorkflowRunner,
  ) {}

  async execute(events: CaseOpenedV1[]): Promise<{ started: number; skipped: number; clocks: SlaClock[] }> {
    for (const e of events) {
      if (!e.payload.duplicateOf && !this.catalogue.get(e.payload.service.code, e.tenantId)) {
        throw catalogueNotReady(e.payload.service.code);
      }
    }
    return this.tx.run(async () => {
      const claimed = await this.inbox.claim(
        START_WORKFLOW_CONSUMER,
        events.map((e) => e.eventId),
      );
      const todo = events.filter((e) => claimed.delete(e.eventId) && !e.payload.duplicateOf);
      const clocks = todo.length > 0 ? await this.runner.start(todo) : [];
      return { started: todo.length, skipped: events.length - todo.length, clocks };
    });
  }
}
