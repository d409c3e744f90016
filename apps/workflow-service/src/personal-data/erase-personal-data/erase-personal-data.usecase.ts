import { Injectable } from '@nestjs/common';
import type { DataSubject, ErasedElsewhere } from '@city/contracts';
import { Transaction } from '@city/platform-database';
import { PersonalEventKeys, privacySubjects } from '@city/platform-kafka';
import { PersonalDataEraser } from '../personal-data-eraser';

/** This service's part of a citizen's erasure (docs/personal-data.md): their town-hall tickets and their cases' runs anonymised, in one transaction, and the keys of their tickets' events erased. */
@Injectable()
export class ErasePersonalDataUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly eraser: PersonalDataEraser,
    private readonly eventKeys: PersonalEventKeys,
  ) {}

  execute(tenantId: string, subject: DataSubject): Promise<ErasedElsewhere> {
    return this.tx.run(async () => {
      const { ticketIds, ...erased } = await this.eraser.erase(tenantId, subject);
      // Their visits' ends on Kafka (keyed by the ticket, naming the contact left on it) no longer open.
      // Inside the transaction: were the tombstones refused, the tickets stay as they were, so the
      // erasure asked again finds them again (after the commit, they would be found no more).
      const dataKeys = await this.eventKeys.erase(ticketIds.flatMap(privacySubjects.ofTicket));
      return { service: 'workflow-service' as const, erased: { ...erased, dataKeys } };
    });
  }
}
