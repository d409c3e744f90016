import { Module } from '@nestjs/common';
import { RecordModule } from '../record/record.module';
import { OpenCaseUseCase } from './open-case/open-case.usecase';
import { RequestReceivedConsumer } from './request-received.kafka.consumer';

/** Every channel's requests become cases: citizens matched, duplicates found, in batches. */
@Module({
  imports: [RecordModule],
  controllers: [RequestReceivedConsumer],
  providers: [OpenCaseUseCase],
  exports: [OpenCaseUseCase],
})
export class IntakeModule {}
