import { Injectable } from '@nestjs/common';
import type { DataSubject, ErasedElsewhere } from '@city/contracts';
import { Transaction } from '@city/platform-database';
import { PersonalDataEraser } from '../personal-data-eraser';

/** This service's part of a citizen's erasure (docs/personal-data.md): their town-hall tickets and their cases' runs anonymised, in one transaction. */
@Injectable()
export class ErasePersonalDataUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly eraser: PersonalDataEraser,
  ) {}

  execute(tenantId: string, subject: DataSubject): Promise<ErasedElsewhere> {
    return this.tx.run(async () => ({
      service: 'workflow-service' as const,
      erased: { ...(await this.eraser.erase(tenantId, subject)) },
    }));
  }
}
