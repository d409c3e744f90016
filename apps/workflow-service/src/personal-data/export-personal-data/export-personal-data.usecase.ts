import { Injectable } from '@nestjs/common';
import type { DataSubject, WorkflowPersonalData } from '@city/contracts';
import { Transaction } from '@city/platform-database';
import { CounterTicketRepository } from '../../counter/counter-ticket.repository';
import { WorkflowRunRepository } from '../../workflows/workflow-run.repository';

/**
 * What this service holds about a citizen, for their export (docs/personal-data.md): the town-hall
 * tickets they took (with the contact they left to be called by), and what their cases' workflows
 * keep of the request they branch on (the address and the answers). Its work items and clocks hold
 * nothing personal: a case's id, queue and times.
 */
@Injectable()
export class ExportPersonalDataUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly tickets: CounterTicketRepository,
    private readonly runs: WorkflowRunRepository,
  ) {}

  execute(tenantId: string, subject: DataSubject): Promise<WorkflowPersonalData> {
    return this.tx.snapshot(async () => {
      const tickets = await this.tickets.ofSubject(tenantId, subject);
      const runs = (await this.runs.ofCases(subject.caseIds)).filter((r) => r.tenantId === tenantId);
      return {
        service: 'workflow-service' as const,
        counterTickets: tickets.map((t) => ({
          office: t.office,
          display: t.display,
          serviceCode: t.serviceCode,
          state: t.state,
          contact: t.contact,
          issuedAt: t.issuedAt.toISOString(),
          endedAt: t.endedAt?.toISOString() ?? null,
          caseReference: t.caseReference,
        })),
        workflowRuns: runs.map((r) => ({
          reference: r.opened.reference,
          workflow: r.workflowId,
          address: r.opened.location?.address ?? null,
          attributes: r.opened.attributes,
        })),
      };
    });
  }
}
