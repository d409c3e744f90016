import { Module } from '@nestjs/common';
import { ReportRepository } from './report.repository';
import { ReportsHttpController } from './reports.http.controller';
import { StandardOfServiceUseCase } from './standard-of-service/standard-of-service.usecase';
import { TypeormReportRepository } from './typeorm-report.repository';

/** The reports: the standard of service per service and channel. */
@Module({
  controllers: [ReportsHttpController],
  providers: [StandardOfServiceUseCase, { provide: ReportRepository, useClass: TypeormReportRepository }],
})
export class ReportsModule {}
