import type { DataSubject } from '@city/contracts';
import { FakeTransaction } from '@city/platform-testing/fakes';
import { InMemoryErasedSubjects } from '../../message-store/in-memory-erased-subjects';
import { PersonalDataEraser, type ErasedHere } from '../personal-data-eraser';
import { ErasePersonalDataUseCase } from './erase-personal-data.usecase';

class FakeEraser extends PersonalDataEraser {
  readonly asked: Array<[string, DataSubject]> = [];
  async erase(tenantId: string, subject: DataSubject): Promise<ErasedHere> {
    this.asked.push([tenantId, subject]);
    return { deliveries: 3, notifications: 1, publishedEvents: 2 };
  }
}

describe("this service's part of a citizen's erasure", () => {
  it("anonymises the subject's messages in the city asked, in one transaction, and says how many", async () => {
    const tx = new FakeTransaction();
    const eraser = new FakeEraser();
    const subject: DataSubject = {
      citizenIds: ['7d0b6a52-8d5e-4b38-9d1c-5f7b2f1d8e01'],
      caseIds: [],
      caseReferences: ['EA49-HVS1-TVR'],
      contacts: [{ kind: 'email', value: 'anna@example.org' }],
    };
    const erased = new InMemoryErasedSubjects();
    expect(await new ErasePersonalDataUseCase(tx, eraser, erased).execute('default', subject)).toEqual({
      service: 'notification-service',
      erased: { deliveries: 3, notifications: 1, publishedEvents: 2 },
    });
    expect(eraser.asked).toEqual([['default', subject]]);
    expect(tx.runs).toBe(1);
    // Marked erased under the lock a message on its way takes, so it is recorded as these were left.
    expect(tx.locked).toEqual([['default/erasure/citizen/7d']]);
    expect(await erased.among('default', { caseIds: [], citizenIds: subject.citizenIds })).toEqual({
      cases: new Set(),
      citizens: new Set(subject.citizenIds),
    });
  });
});
