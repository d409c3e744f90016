import { Module } from '@nestjs/common';
import { CatalogueModule } from '@city/platform-kafka';
import { UpdatePreferencesUseCase } from '../citizens/update-preferences/update-preferences.usecase';
import { RecordModule } from '../record/record.module';
import { AddFollowerUseCase } from './add-follower/add-follower.usecase';
import { CitizenActionsHttpController } from './citizen-actions.http.controller';
import { CitizenPreferencesUseCase } from './citizen-preferences/citizen-preferences.usecase';
import { CitizenViews } from './citizen-view/citizen-views';
import { FollowRequestUseCase } from './follow-request/follow-request.usecase';
import { NearbyRequestsUseCase } from './nearby-requests/nearby-requests.usecase';
import { OwnCasesUseCase } from './own-cases/own-cases.usecase';
import { ReopenRequestUseCase } from './reopen-request/reopen-request.usecase';
import { RequestStatusUseCase } from './request-status/request-status.usecase';
import { RequestsHttpController } from './requests.http.controller';

/** Citizens following their requests, on every channel, and acting on them (follow, reopen, preferences). */
@Module({
  // The catalogue says which services' reports anyone may find nearby and follow (as for Open311).
  imports: [RecordModule, CatalogueModule],
  controllers: [RequestsHttpController, CitizenActionsHttpController],
  providers: [
    CitizenViews,
    FollowRequestUseCase,
    OwnCasesUseCase,
    RequestStatusUseCase,
    NearbyRequestsUseCase,
    AddFollowerUseCase,
    ReopenRequestUseCase,
    CitizenPreferencesUseCase,
    UpdatePreferencesUseCase,
  ],
  // The second-factor check, for the other citizen routes on a request (documents' replies).
  exports: [FollowRequestUseCase],
})
export class RequestsModule {}
