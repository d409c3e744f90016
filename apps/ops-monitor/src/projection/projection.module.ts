import { Module } from '@nestjs/common';
import { APP_CONFIG, loadPerCity } from '@city/platform-config';
import { DatabaseModule } from '@city/platform-database';
import type { OpsConfig } from '../config';
import { LiveModule } from '../live/live.module';
import { ApplyFactsUseCase } from './apply-facts/apply-facts.usecase';
import { CaseFactsConsumer } from './case-facts.kafka.consumer';
import { CaseProjectionRepository } from './case-projection.repository';
import { DISTRICT_OF, districtOfAreas, loadDistricts } from './districts';
import { ProjectionRebuild } from './projection-rebuild';
import { TypeormCaseProjectionRepository } from './typeorm-case-projection.repository';

/** The streams folded into the read models, rebuilt from the streams when they are missing. */
@Module({
  imports: [DatabaseModule, LiveModule],
  controllers: [CaseFactsConsumer],
  providers: [
    ApplyFactsUseCase,
    ProjectionRebuild,
    {
      provide: DISTRICT_OF,
      inject: [APP_CONFIG],
      useFactory: (c: OpsConfig) =>
        districtOfAreas(loadPerCity(c, 'routing.yaml', c.ROUTING_FILE, loadDistricts)),
    },
    { provide: CaseProjectionRepository, useClass: TypeormCaseProjectionRepository },
  ],
})
export class ProjectionModule {}
