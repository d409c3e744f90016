import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@city/platform-auth';
import { ConfigModule } from '@city/platform-config';
import { HealthModule } from '@city/platform-health';
import { KafkaHealthCheck, KafkaModule } from '@city/platform-kafka';
import { LoggingModule } from '@city/platform-logging';
import { MetricsModule } from '@city/platform-metrics';
import { CaseServiceClient } from './case-record/case-service.client';
import { CatalogueModule } from '@city/platform-kafka';
import { CatalogueStore } from '@city/platform-kafka';
import { ClientsRegistry } from './clients/clients.registry';
import type { GatewayConfig } from './config';
import { CounterHttpController } from './counter/counter.http.controller';
import { DeviceAuthGuard } from './kiosk/device-auth.guard';
import { KioskHttpController } from './kiosk/kiosk.http.controller';
import { Open311HttpController } from './open311/open311.http.controller';
import { IvrHttpController } from './phone/ivr.http.controller';
import { PhoneHttpController } from './phone/phone.http.controller';
import { TelephonyHttpController } from './phone/telephony.http.controller';
import { SubmissionModule } from './submission/submission.module';
import { WebHttpController } from './web/web.http.controller';

@Module({})
export class AppModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('intake-gateway', config.LOG_LEVEL),
        MetricsModule.forRoot('intake-gateway', { enabled: config.METRICS_ENABLED }),
        AuthModule.forRoot(config, { severalCities: true }),
        KafkaModule.forRoot({
          clientId: 'intake-gateway',
          brokers: config.KAFKA_BROKERS,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          logLevel: config.LOG_LEVEL,
          privacyMasterKey: config.PRIVACY_MASTER_KEY,
          ackTimeoutMs: config.KAFKA_ACK_TIMEOUT_MS,
        }),
        SubmissionModule,
        HealthModule.forRoot({ imports: [CatalogueModule], checks: [KafkaHealthCheck, CatalogueStore] }),
      ],
      controllers: [
        WebHttpController,
        KioskHttpController,
        PhoneHttpController,
        TelephonyHttpController,
        IvrHttpController,
        CounterHttpController,
        Open311HttpController,
      ],
      providers: [ClientsRegistry, DeviceAuthGuard, CaseServiceClient],
    };
  }
}
