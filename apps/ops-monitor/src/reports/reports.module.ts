import { Module } from '@nestjs/common';
import { APP_CONFIG, loadPerCity } from '@city/platform-config';
import { DatabaseModule } from '@city/platform-database';
import { CatalogueModule } from '@city/platform-kafka';
import type { OpsConfig } from '../config';
import { ChannelShiftUseCase } from './channel-shift/channel-shift.usecase';
import { CONTACT_COSTS, loadContactCosts } from './channel-shift/contact-costs';
import { ComparisonUseCase } from './comparison/comparison.usecase';
import { DemandUseCase } from './demand/demand.usecase';
import { ProcessReviewUseCase } from './process-review/process-review.usecase';
import { ReportRepository } from './report.repository';
import { ReportsHttpController } from './reports.http.controller';
import { loadLgslNames } from './self-assessment/ambitions';
import { AmbitionsHttpController } from './self-assessment/ambitions.http.controller';
import { AmbitionsRepository, OfferedServices } from './self-assessment/ambitions.repository';
import { AmbitionsSeed } from './self-assessment/ambitions-seed';
import { LGSL_NAMES, SelfAssessmentUseCase } from './self-assessment/assess/self-assessment.usecase';
import { CatalogueOfferedServices } from './self-assessment/catalogue-offered-services';
import { RecordAmbitionsUseCase } from './self-assessment/record-ambitions/record-ambitions.usecase';
import { TypeormAmbitionsRepository } from './self-assessment/typeorm-ambitions.repository';
import { StandardOfServiceUseCase } from './standard-of-service/standard-of-service.usecase';
import { TypeormReportRepository } from './typeorm-report.repository';

/** The reports: standard of service, channel shift, demand, process review, and the self-assessment with the city's ambitions. */
@Module({
  imports: [DatabaseModule, CatalogueModule],
  controllers: [ReportsHttpController, AmbitionsHttpController],
  providers: [
    StandardOfServiceUseCase,
    ChannelShiftUseCase,
    DemandUseCase,
    ProcessReviewUseCase,
    SelfAssessmentUseCase,
    ComparisonUseCase,
    RecordAmbitionsUseCase,
    AmbitionsSeed,
    { provide: ReportRepository, useClass: TypeormReportRepository },
    { provide: AmbitionsRepository, useClass: TypeormAmbitionsRepository },
    { provide: OfferedServices, useClass: CatalogueOfferedServices },
    {
      provide: CONTACT_COSTS,
      inject: [APP_CONFIG],
      useFactory: (c: OpsConfig) =>
        loadPerCity(c, 'operations/contact-costs.yaml', c.CONTACT_COSTS_FILE, loadContactCosts),
    },
    { provide: LGSL_NAMES, inject: [APP_CONFIG], useFactory: (c: OpsConfig) => loadLgslNames(c.LGSL_FILE) },
  ],
})
export class ReportsModule {}
