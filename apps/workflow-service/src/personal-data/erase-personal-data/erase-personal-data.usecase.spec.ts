import type { DataSubject } from '@city/contracts';
import { RecordedEventKeys } from '@city/platform-kafka';
import { FakeTransaction } from '@city/platform-testing/fakes';
import { PersonalDataEraser, type ErasedHere } from '../personal-data-eraser';
import { ErasePersonalDataUseCase } from './erase-personal-data.usecase';

class FakeEraser extends PersonalDataEraser {
  readonly asked: Array<[string, DataSubject]> = [];
  async erase(tenantId: string, subject: DataSubject): Promise<ErasedHere> {
    this.asked.push([tenantId, subject]);
    return { counterTickets: 1, workflowRuns: 2, publishedEvents: 3, ticketIds: ['t-1'] };
  }
}

describe("this service's part of a citizen's erasure", () => {
  it("anonymises the subject's tickets and runs in the city asked, in one transaction, erases their tickets' event keys, and says how many", async () => {
    const tx = new FakeTransaction();
    const eraser = new FakeEraser();
    const subject: DataSubject = {
      citizenIds: ['7d0b6a52-8d5e-4b38-9d1c-5f7b2f1d8e01'],
      caseIds: [],
      caseReferences: ['EA49-HVS1-TVR'],
      contacts: [{ kind: 'email', value: 'anna@example.org' }],
    };
    const eventKeys = new RecordedEventKeys();
    expect(await new ErasePersonalDataUseCase(tx, eraser, eventKeys).execute('default', subject)).toEqual({
      service: 'workflow-service',
      erased: { counterTickets: 1, workflowRuns: 2, publishedEvents: 3, dataKeys: 1 },
    });
    // The end of her ticket's visit on Kafka named her contact: its key is erased.
    expect(eventKeys.erased).toEqual(['workflow.events.v1/t-1']);
    expect(eraser.asked).toEqual([['default', subject]]);
    expect(tx.runs).toBe(1);
  });
});
