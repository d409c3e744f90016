import { Module } from '@nestjs/common';
import { RecordModule } from '../record/record.module';
import { RequestsModule } from '../requests/requests.module';
import { AnswerSatisfactionUseCase } from './answer-satisfaction/answer-satisfaction.usecase';
import { ReadSatisfactionUseCase } from './read-satisfaction/read-satisfaction.usecase';
import { SatisfactionHttpController } from './satisfaction.http.controller';

/** The satisfaction question after a request's resolution: the citizen's answer on the case record. */
@Module({
  imports: [RecordModule, RequestsModule],
  controllers: [SatisfactionHttpController],
  providers: [AnswerSatisfactionUseCase, ReadSatisfactionUseCase],
})
export class SatisfactionModule {}
