import { Module } from '@nestjs/common';
import { CatalogueModule } from '@city/platform-kafka';
import { IdempotencyStore } from './idempotency.store';
import { KafkaRequestPublisher } from './kafka-request-publisher';
import { KafkaServiceCatalogue } from './kafka-service-catalogue';
import { RedisIdempotencyStore } from './redis-idempotency.store';
import { RequestPublisher } from './request-publisher';
import { ServiceCatalogue } from './service-catalogue';
import { SubmitRequestUseCase } from './submit-request.usecase';

@Module({
  imports: [CatalogueModule],
  providers: [
    { provide: IdempotencyStore, useClass: RedisIdempotencyStore },
    { provide: RequestPublisher, useClass: KafkaRequestPublisher },
    { provide: ServiceCatalogue, useClass: KafkaServiceCatalogue },
    SubmitRequestUseCase,
  ],
  exports: [SubmitRequestUseCase, IdempotencyStore, CatalogueModule],
})
export class SubmissionModule {}
