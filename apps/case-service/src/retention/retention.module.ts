import { Module } from '@nestjs/common';
import { CatalogueModule } from '@city/platform-kafka';
import { PersonalDataModule } from '../personal-data/personal-data.module';
import { ApplyRetentionUseCase } from './apply-retention/apply-retention.usecase';
import { RetentionHttpController } from './retention.http.controller';
import { RetentionRepository, TypeormRetentionRepository } from './retention.repository';
import { RetentionProcessor } from './retention.processor';

/**
 * How long finished requests keep their personal data (docs/personal-data.md): a nightly run (and an
 * administrator's) anonymises those past their time, as an erasure does, and reports what it did.
 */
@Module({
  imports: [PersonalDataModule, CatalogueModule],
  controllers: [RetentionHttpController],
  providers: [
    { provide: RetentionRepository, useClass: TypeormRetentionRepository },
    ApplyRetentionUseCase,
    RetentionProcessor,
  ],
})
export class RetentionModule {}
