import { Payload } from '@nestjs/microservices';
import { TOPICS, WORKFORCE_FACTS_V1, type WorkforceFactV1 } from '@city/contracts';
import { isTransientDatabaseError } from '@city/platform-database';
import { EnvelopePipe, KafkaConsumer, KafkaEvent } from '@city/platform-kafka';
import { LiveBoard } from '../live/live-board';
import { ApplyWorkforceFactsUseCase } from './apply-workforce-facts/apply-workforce-facts.usecase';

/** The consumer group of the workforce read model. */
export const WORKFORCE_GROUP = 'ops-monitor.workforce';

/** Who is at work and the counters' tickets, folded a batch at a time, and the live board told. */
@KafkaConsumer()
export class WorkforceFactsConsumer {
  constructor(
    private readonly apply: ApplyWorkforceFactsUseCase,
    private readonly board: LiveBoard,
  ) {}

  @KafkaEvent(TOPICS.workforceEvents, {
    group: WORKFORCE_GROUP,
    batch: true,
    isTransient: isTransientDatabaseError,
  })
  async facts(
    @Payload(new EnvelopePipe(WORKFORCE_FACTS_V1 as never)) facts: WorkforceFactV1[],
  ): Promise<void> {
    if ((await this.apply.execute(facts)) > 0) this.board.changed(null);
  }
}
