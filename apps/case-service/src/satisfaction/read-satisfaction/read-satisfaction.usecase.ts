import { Injectable } from '@nestjs/common';
import type { SatisfactionOfRequest } from '@city/contracts';
import { Transaction } from '@city/platform-database';
import { CaseRepository } from '../../record/case.repository';
import { caseNotFound, referenceOf } from '../../record/case-rules';
import { askedQuestionView, satisfactionStateOf } from '../../record/satisfaction-view';
import { notAsked } from '../satisfaction-rules';

/**
 * The satisfaction question of a request, for the page the emailed link opens (through the
 * notification-service, which checked the link): whether it takes answers, until when, and the answer
 * given. A request not asked about is refused with the reason (409), as an answer to it would be; a
 * question whose window is over is shown as closed, with its answer.
 */
@Injectable()
export class ReadSatisfactionUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly cases: CaseRepository,
  ) {}

  execute(tenantId: string, rawReference: string): Promise<SatisfactionOfRequest> {
    const reference = referenceOf(rawReference);
    return this.tx.snapshot(async () => {
      const c = await this.cases.byReference(tenantId, reference);
      if (!c) throw caseNotFound(reference);
      // One after another: in the snapshot they share one connection (pg refuses queries at once on one client from v9).
      const changes = await this.cases.timelines([c.id], ['status-changed']);
      const [answer] = await this.cases.satisfactionOf([c.id]);
      const q = satisfactionStateOf(c, changes, new Date());
      // Not asked: the same refusal, with its reason, as an answer would get.
      if (!q.asked) throw notAsked(c.reference, q.why);
      return { reference: c.reference, ...askedQuestionView(q, answer) };
    });
  }
}
