import { Injectable } from '@nestjs/common';
import {
  createEnvelope,
  SATISFACTION_WORDS,
  satisfactionRecordedV1,
  TOPICS,
  type SatisfactionOfRequest,
  type SatisfactionScore,
  type SatisfactionVia,
} from '@city/contracts';
import { Outbox, Transaction } from '@city/platform-database';
import { CaseRepository } from '../../record/case.repository';
import { caseNotFound, referenceOf } from '../../record/case-rules';
import { CaseSatisfaction } from '../../record/case-satisfaction.entity';
import { askedQuestionView, satisfactionStateOf } from '../../record/satisfaction-view';
import {
  FollowRequestUseCase,
  type SecondFactor,
} from '../../requests/follow-request/follow-request.usecase';
import { openQuestion } from '../satisfaction-rules';

/** A citizen's answer, as the edge took it. */
export interface SatisfactionAnswer {
  score: SatisfactionScore;
  via: SatisfactionVia;
  /** Who passed it on: `citizen` (the portal), or the service that took it by link or text. */
  actor: string;
  /** The request's second factor, when the citizen answers on its page in the portal. */
  secondFactor?: SecondFactor;
}

const VIA_WORDS: Record<SatisfactionVia, string> = {
  email: 'by the emailed link',
  sms: 'by text reply',
  portal: 'in the portal',
};

/**
 * The citizen answers "How satisfied are you with how we handled your request?" (1 to 5): recorded
 * on the case (one answer per case), on its timeline for the agent, and out as SatisfactionRecorded
 * through the outbox, in one transaction. Only while the question is open (after the first
 * resolution, for the answer window); within it a new answer replaces the one given (a wrong tap),
 * and the same answer again changes nothing. On the portal only the citizen who made the request
 * answers (a follower's contact is refused, a wrong one is "no such request").
 */
@Injectable()
export class AnswerSatisfactionUseCase {
  constructor(
    private readonly follow: FollowRequestUseCase,
    private readonly tx: Transaction,
    private readonly cases: CaseRepository,
    private readonly outbox: Outbox,
  ) {}

  execute(
    tenantId: string,
    rawReference: string,
    answer: SatisfactionAnswer,
  ): Promise<SatisfactionOfRequest> {
    return this.tx.run(async () => {
      const reference = answer.secondFactor
        ? (await this.follow.asReporter(tenantId, rawReference, answer.secondFactor)).reference
        : referenceOf(rawReference);
      // The case's row is held until the answer is written: two answers at once are one after the other.
      const c = await this.cases.byReference(tenantId, reference, true);
      if (!c) throw caseNotFound(reference);
      const at = new Date();
      // One after another: in the transaction they share one connection (pg refuses queries at once on one client from v9).
      const changes = await this.cases.timelines([c.id], ['status-changed']);
      const [previous] = await this.cases.satisfactionOf([c.id]);
      const q = openQuestion(c.reference, satisfactionStateOf(c, changes, at));
      if (previous?.score === answer.score)
        return { reference: c.reference, ...askedQuestionView(q, previous) };
      const saved = Object.assign(new CaseSatisfaction(), {
        caseId: c.id,
        tenantId: c.tenantId,
        score: answer.score,
        via: answer.via,
        answeredAt: at,
      });
      await this.cases.saveSatisfaction(saved);
      const words = `${answer.score} of 5 (${SATISFACTION_WORDS[answer.score]}), ${VIA_WORDS[answer.via]}`;
      await this.cases.addToTimeline([
        {
          tenantId: c.tenantId,
          caseId: c.id,
          kind: 'satisfaction-recorded',
          actor: answer.actor,
          channel: answer.via,
          at,
          summary: previous
            ? `Satisfaction changed from ${previous.score} to ${words}`
            : `Satisfaction: ${words}`,
          details: { score: answer.score, previousScore: previous?.score ?? null, via: answer.via },
        },
      ]);
      await this.outbox.enqueue([
        {
          topic: TOPICS.caseEvents,
          key: c.id,
          event: createEnvelope(satisfactionRecordedV1, {
            tenantId: c.tenantId,
            correlationId: c.id,
            occurredAt: at,
            payload: {
              caseId: c.id,
              reference: c.reference,
              serviceCode: c.serviceCode,
              channelOfOrigin: c.channelOfOrigin,
              score: answer.score,
              previousScore: (previous?.score as SatisfactionScore | undefined) ?? null,
              via: answer.via,
              resolvedAt: q.resolvedAt.toISOString(),
              at: at.toISOString(),
            },
          }),
        },
      ]);
      return { reference: c.reference, ...askedQuestionView(q, saved) };
    });
  }
}
