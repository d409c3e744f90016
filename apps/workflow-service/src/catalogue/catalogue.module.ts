import { Module } from '@nestjs/common';
import { readLgslReference } from '@city/platform-catalogue';
import { APP_CONFIG } from '@city/platform-config';
import type { WorkflowConfig } from '../config';
import { WorkflowsModule } from '../workflows/workflows.module';
import { LGSL_REFERENCE } from './catalogue-events';
import { CatalogueOwner } from './catalogue-owner';
import { CatalogueServiceRepository } from './catalogue-service.repository';
import { CatalogueHttpController } from './catalogue.http.controller';
import { ChangeServiceUseCase } from './change-service/change-service.usecase';
import { TypeormCatalogueServiceRepository } from './typeorm-catalogue-service.repository';

/**
 * The catalogue this service owns: imported from the files at start and published, changed by
 * administrators through its API. (Reading the published catalogue is @city/platform-kafka's CatalogueModule.)
 */
@Module({
  imports: [WorkflowsModule],
  controllers: [CatalogueHttpController],
  providers: [
    { provide: CatalogueServiceRepository, useClass: TypeormCatalogueServiceRepository },
    {
      provide: LGSL_REFERENCE,
      useFactory: (config: WorkflowConfig) => readLgslReference(config.LGSL_FILE),
      inject: [APP_CONFIG],
    },
    CatalogueOwner,
    ChangeServiceUseCase,
  ],
})
export class CatalogueOwnershipModule {}
