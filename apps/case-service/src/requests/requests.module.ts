import { Module } from '@nestjs/common';
import { RecordModule } from '../record/record.module';
import { CitizenViews } from './citizen-view/citizen-views';
import { FollowRequestUseCase } from './follow-request/follow-request.usecase';
import { OwnCasesUseCase } from './own-cases/own-cases.usecase';
import { RequestStatusUseCase } from './request-status/request-status.usecase';
import { RequestsHttpController } from './requests.http.controller';

/** Citizens following their requests, on every channel. */
@Module({
  imports: [RecordModule],
  controllers: [RequestsHttpController],
  providers: [CitizenViews, FollowRequestUseCase, OwnCasesUseCase, RequestStatusUseCase],
})
export class RequestsModule {}
