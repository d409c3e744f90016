import { caseOpenedV1 } from '@city/contracts';
import { FakeTransaction } from '@city/platform-testing/fakes';
import { InMemoryCounterTicketRepository } from '../../counter/in-memory-counter-ticket.repository';
import { InMemoryWorkflowRunRepository } from '../../workflows/in-memory-workflow-run.repository';
import type { WorkflowRun } from '../../workflows/workflow-run.entity';
import { ExportPersonalDataUseCase } from './export-personal-data.usecase';

describe("a citizen's tickets and workflow facts, for their export", () => {
  it('gives the tickets that left their contact or name their case, and their cases’ runs, in the city asked', async () => {
    const tickets = new InMemoryCounterTicketRepository();
    const ticket = (over: object) => ({
      tenantId: 'default',
      office: 'town-hall',
      day: '2026-11-30',
      queue: 'counter-general',
      display: 'A001',
      serviceCode: null,
      state: 'done' as const,
      contact: null,
      issuedAt: new Date('2026-11-30T09:00:00Z'),
      calledAt: null,
      clerkId: null,
      counter: null,
      endedAt: null,
      caseReference: null,
      ...over,
    });
    await tickets.add(ticket({ display: 'A001', contact: { email: 'anna@example.org', phone: null } }));
    await tickets.add(ticket({ display: 'A002', caseReference: 'ANNA-CASE-001' }));
    await tickets.add(ticket({ display: 'A003', contact: { email: 'bob@example.org', phone: null } }));
    await tickets.add(
      ticket({
        display: 'A004',
        tenantId: 'other-city',
        contact: { email: 'anna@example.org', phone: null },
      }),
    );
    const runs = new InMemoryWorkflowRunRepository();
    const caseId = caseOpenedV1.example.payload.caseId;
    await runs.addNew([
      {
        caseId,
        tenantId: 'default',
        workflowId: 'field-report',
        opened: { ...caseOpenedV1.example.payload, correlationId: 'c', eventId: 'e', tenantId: 'default' },
      } as Partial<WorkflowRun>,
    ]);
    const held = await new ExportPersonalDataUseCase(new FakeTransaction(), tickets, runs).execute(
      'default',
      {
        citizenIds: [],
        caseIds: [caseId],
        caseReferences: ['ANNA-CASE-001'],
        contacts: [{ kind: 'email', value: 'anna@example.org' }],
      },
    );
    expect(held.counterTickets.map((t) => t.display).sort()).toEqual(['A001', 'A002']);
    expect(held.workflowRuns).toEqual([
      {
        reference: caseOpenedV1.example.payload.reference,
        workflow: 'field-report',
        address: caseOpenedV1.example.payload.location?.address ?? null,
        attributes: caseOpenedV1.example.payload.attributes,
      },
    ]);
  });
});
