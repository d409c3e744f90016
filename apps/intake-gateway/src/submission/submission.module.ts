import { Module } from '@nestjs/common';
import { CatalogueModule } from '@city/platform-kafka';
import { IdempotencyStore } from './idempotency.store';
import { SubmitRequestUseCase } from './submit-request.usecase';

@Module({
  imports: [CatalogueModule],
  providers: [IdempotencyStore, SubmitRequestUseCase],
  exports: [SubmitRequestUseCase, IdempotencyStore, CatalogueModule],
})
export class SubmissionModule {}
