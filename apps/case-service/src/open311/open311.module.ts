import { Module } from '@nestjs/common';
import { CatalogueModule } from '@city/platform-kafka';
import { RecordModule } from '../record/record.module';
import { ListOpen311RequestsUseCase } from './list-open311-requests/list-open311-requests.usecase';
import { Open311RequestsHttpController } from './open311-requests.http.controller';

/** Open311 GeoReport v2 reads of public requests, for the gateway to render. */
@Module({
  // The catalogue (compacted topic) says which services' requests Open311 may show; not a readiness
  // check: until it is read, Open311 reads answer 503 and everything else works.
  imports: [RecordModule, CatalogueModule],
  controllers: [Open311RequestsHttpController],
  providers: [ListOpen311RequestsUseCase],
})
export class Open311Module {}
