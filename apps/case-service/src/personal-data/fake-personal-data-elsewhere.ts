import type { DataSubject, ErasedElsewhere } from '@city/contracts';
import { PersonalDataElsewhere, type HeldElsewhere } from './personal-data-elsewhere';

/** The other services, for use cases' unit tests: what each was asked, and a fixed answer (or an outage). */
export class FakePersonalDataElsewhere extends PersonalDataElsewhere {
  readonly gathered: DataSubject[] = [];
  readonly erased: DataSubject[] = [];
  /** Set: every call fails with it (a service out of reach). */
  failure: Error | null = null;

  async gather(_city: string, subject: DataSubject): Promise<HeldElsewhere[]> {
    if (this.failure) throw this.failure;
    this.gathered.push(subject);
    return [{ service: 'notification-service', messages: [] }];
  }

  async erase(_city: string, subject: DataSubject): Promise<ErasedElsewhere[]> {
    if (this.failure) throw this.failure;
    this.erased.push(subject);
    return [
      { service: 'workflow-service', erased: { counterTickets: 0, workflowRuns: subject.caseIds.length } },
      { service: 'notification-service', erased: { deliveries: 1, notifications: 0 } },
    ];
  }
}
