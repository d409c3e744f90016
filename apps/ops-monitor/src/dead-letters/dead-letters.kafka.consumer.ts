import { Controller, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { dlqTopic } from '@city/contracts';
import { KafkaErrorFilter, KafkaEvent, type ReceivedMessage } from '@city/platform-kafka';
import { DEAD_LETTER_SOURCES, readDeadLetter } from './dead-letter';
import { RecordDeadLettersUseCase } from './record-dead-letters/record-dead-letters.usecase';

/** The consumer group of the dead letters' read model. */
export const DEAD_LETTERS_GROUP = 'ops-monitor.dead-letters';

/**
 * Reads every dead-letter topic (`<topic>.dlq` of each topic in contracts) into the read model, from
 * the topics' start, a partition's fetched letters in one transaction.
 *
 * Not `@KafkaConsumer()`: its TenantGuard would refuse a letter whose envelope names another city (a
 * letter dead-lettered for exactly that reason), and a dead letter has no dead-letter topic of its
 * own. So every failure here is retried until it passes (it can only be the database: reading a
 * letter never fails), and the stream never loses one.
 */
@Controller()
@UseFilters(KafkaErrorFilter)
export class DeadLettersConsumer {
  constructor(private readonly record: RecordDeadLettersUseCase) {}

  @KafkaEvent(DEAD_LETTER_SOURCES.map((t) => dlqTopic(t)), {
    group: DEAD_LETTERS_GROUP,
    batch: true,
    maxBatchSize: 500,
    isTransient: () => true,
  })
  async letters(@Payload() messages: ReceivedMessage[]): Promise<void> {
    await this.record.execute(messages.map((m) => readDeadLetter(m)));
  }
}
