import { Module } from '@nestjs/common';
import { DatabaseModule } from '@city/platform-database';
import { DeadLetterMetrics } from './dead-letter-metrics';
import { DeadLetterReplayer } from './dead-letter-replayer';
import { DeadLetterRepository } from './dead-letter.repository';
import { DeadLettersHttpController } from './dead-letters.http.controller';
import { DeadLettersConsumer } from './dead-letters.kafka.consumer';
import { KafkaDeadLetterReplayer } from './kafka-dead-letter-replayer';
import { ListDeadLettersUseCase } from './list-dead-letters/list-dead-letters.usecase';
import { RecordDeadLettersUseCase } from './record-dead-letters/record-dead-letters.usecase';
import { ReplayDeadLettersUseCase } from './replay-dead-letters/replay-dead-letters.usecase';
import { TypeormDeadLetterRepository } from './typeorm-dead-letter.repository';

/** Dead letters of every topic, visible to operations and put back by administrators. */
@Module({
  imports: [DatabaseModule],
  controllers: [DeadLettersHttpController, DeadLettersConsumer],
  providers: [
    RecordDeadLettersUseCase,
    ListDeadLettersUseCase,
    ReplayDeadLettersUseCase,
    DeadLetterMetrics,
    { provide: DeadLetterRepository, useClass: TypeormDeadLetterRepository },
    { provide: DeadLetterReplayer, useClass: KafkaDeadLetterReplayer },
  ],
})
export class DeadLettersModule {}
