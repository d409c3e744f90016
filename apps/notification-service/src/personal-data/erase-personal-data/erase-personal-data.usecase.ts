import { Injectable } from '@nestjs/common';
import type { DataSubject, ErasedElsewhere } from '@city/contracts';
import { Transaction } from '@city/platform-database';
import { ErasedSubjects, lockForErasure } from '../../message-store/erased-subjects';
import { PersonalDataEraser } from '../personal-data-eraser';

/**
 * This service's part of a citizen's erasure (docs/personal-data.md): their messages anonymised, in
 * one transaction; their cases and records marked erased, so a message on its way now is recorded
 * as these were left (`ErasedSubjects` says how the two wait for each other).
 */
@Injectable()
export class ErasePersonalDataUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly eraser: PersonalDataEraser,
    private readonly erasedSubjects: ErasedSubjects,
  ) {}

  execute(tenantId: string, subject: DataSubject): Promise<ErasedElsewhere> {
    return this.tx.run(async () => {
      await lockForErasure(this.tx, tenantId, subject);
      await this.erasedSubjects.mark(tenantId, subject, new Date());
      return {
        service: 'notification-service' as const,
        erased: { ...(await this.eraser.erase(tenantId, subject)) },
      };
    });
  }
}
