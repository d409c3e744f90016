import { Injectable } from '@nestjs/common';
import type { DataSubject } from '@city/contracts';
import { OutboxMessage, tableName, TypeormTransaction } from '@city/platform-database';
import { CounterTicket } from '../counter/counter-ticket.entity';
import { WorkflowRun } from '../workflows/workflow-run.entity';

/** What an erasure changed here, by kind of row. */
export interface ErasedHere {
  counterTickets: number;
  workflowRuns: number;
  publishedEvents: number;
  /** The tickets whose contact went (their events' keys are erased too). */
  ticketIds: string[];
}

/**
 * The port that anonymises a data subject's data here (docs/personal-data.md): a town-hall ticket
 * keeps its office, number, queue and times (the counters' figures) and loses the contact left on
 * it; a case's run (of a case no longer worked: erasure waits for that) keeps its workflow and steps
 * and loses the place, answers and support need it was started with.
 */
export abstract class PersonalDataEraser {
  abstract erase(tenantId: string, subject: DataSubject): Promise<ErasedHere>;
}

/** Two statements, in the caller's transaction. */
@Injectable()
export class TypeormPersonalDataEraser extends PersonalDataEraser {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  async erase(tenantId: string, s: DataSubject): Promise<ErasedHere> {
    const m = this.tx.manager();
    const emails = s.contacts.filter((c) => c.kind === 'email').map((c) => c.value);
    const phones = s.contacts.filter((c) => c.kind === 'phone').map((c) => c.value);
    const [ticketIds, counterTickets] = (await m.query(
      `UPDATE ${tableName(m, CounterTicket)} SET contact = NULL
        WHERE tenant_id = $1 AND contact IS NOT NULL
          AND (contact->>'email' = ANY($2) OR contact->>'phone' = ANY($3) OR case_reference = ANY($4))
        RETURNING id`,
      [tenantId, emails, phones, s.caseReferences],
    )) as [Array<{ id: string }>, number];
    const [, workflowRuns] = (await m.query(
      `UPDATE ${tableName(m, WorkflowRun)}
          SET opened = opened || '{"attributes": {}, "location": null, "supportNeeds": false}'::jsonb
        WHERE tenant_id = $1 AND case_id = ANY($2::uuid[])`,
      [tenantId, s.caseIds],
    )) as [unknown, number];
    // The facts this service published already about their cases and about their tickets (a ticket's
    // fact names the contact left on it): the copies kept here to be pruned later go now.
    const [, publishedEvents] = (await m.query(
      `DELETE FROM ${tableName(m, OutboxMessage)} WHERE published_at IS NOT NULL AND message_key = ANY($1)`,
      [[...s.caseIds, ...ticketIds.map((t) => t.id)]],
    )) as [unknown, number];
    return { counterTickets, workflowRuns, publishedEvents, ticketIds: ticketIds.map((t) => t.id) };
  }
}
