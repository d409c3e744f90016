import { Injectable } from '@nestjs/common';
import type { AddNoteBody, ByActor } from '@city/contracts';
import { Transaction } from '@city/platform-database';
import { CaseHistory } from '../../record/case-history';
import type { CaseRecord } from '../../record/case.entity';
import { CaseRepository } from '../../record/case.repository';
import { caseNotFound, checkVersion, referenceOf } from '../../record/case-rules';

/**
 * An agent or clerk adds a note, internal or shared with the citizen. The case itself does not
 * change, but its version moves on, so an agent editing it at the same time is told.
 */
@Injectable()
export class AddNoteUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly cases: CaseRepository,
    private readonly history: CaseHistory,
  ) {}

  async execute(tenantId: string, rawReference: string, body: ByActor<AddNoteBody>): Promise<CaseRecord> {
    const reference = referenceOf(rawReference);
    return this.tx.run(async () => {
      const c = await this.cases.workedByCity(tenantId, reference, true);
      if (!c) throw caseNotFound(reference);
      checkVersion(c, body.expectedVersion);
      c.updatedAt = new Date();
      const saved = await this.cases.save(c);
      await this.history.record(saved, {
        actor: body.actor,
        channel: body.channel ?? null,
        kind: 'note-added',
        summary: body.visibility === 'shared' ? body.text : `Internal note: ${body.text}`,
        change: { change: 'note-added', visibility: body.visibility, text: body.text },
      });
      return saved;
    });
  }
}
