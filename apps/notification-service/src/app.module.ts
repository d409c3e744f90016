import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule, AuditRead } from '@city/platform-audit';
import { AuthModule } from '@city/platform-auth';
import { CityProfiles, ConfigModule, loadPerCity } from '@city/platform-config';
import {
  DatabaseModule,
  dataSourceOptions,
  OutboxRelayHost,
  PostgresHealthCheck,
} from '@city/platform-database';
import { HealthModule } from '@city/platform-health';
import { CatalogueModule, CatalogueStore, KafkaHealthCheck, KafkaModule } from '@city/platform-kafka';
import { createLogger, LoggingModule } from '@city/platform-logging';
import { MetricsModule } from '@city/platform-metrics';
import { QueueModule } from '@city/platform-queue';
import type { NotificationConfig } from './config';
import { DeliveryModule } from './delivery/delivery.module';
import { DeliveryQueue } from './delivery/delivery-queue.processor';
import { InboxModule } from './inbox/inbox.module';
import { ErasedSubject } from './message-store/erased-subject.entity';
import { Delivery } from './message-store/delivery.entity';
import { Notification } from './message-store/notification.entity';
import { NotificationsAndDeliveries1795822245760 } from './migrations/1795822245760-notifications-and-deliveries';
import { AuditReads1796000085275 } from './migrations/1796000085275-audit-reads';
import { OutboxHeaders1796062789108 } from './migrations/1796062789108-outbox-headers';
import { ErasedSubjects1796293170521 } from './migrations/1796293170521-erased-subjects';
import { DeliveriesSmsTo1796063023392 } from './migrations/1796063023392-deliveries-sms-to';
import { NotificationsModule } from './notifications/notifications.module';
import { OptOutModule } from './opt-out/opt-out.module';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { TemplateBook } from './templates/template-book';
import { TemplatesModule } from './templates/templates.module';

export const NOTIFICATION_ENTITIES = [Notification, Delivery, AuditRead, ErasedSubject];
export const NOTIFICATION_MIGRATIONS = [
  NotificationsAndDeliveries1795822245760,
  AuditReads1796000085275,
  OutboxHeaders1796062789108,
  DeliveriesSmsTo1796063023392,
  ErasedSubjects1796293170521,
];

@Module({})
export class AppModule {
  static register(config: NotificationConfig): DynamicModule {
    // Each city's book: the deployment's templates, with any of the city's own in their place, signed
    // with the city's name where the layout says {{city}}.
    const profiles = CityProfiles.load(config);
    const book = loadPerCity(config, 'templates', config.TEMPLATES_DIR, (own, city) =>
      TemplateBook.load(
        config.TEMPLATES_DIR,
        own === config.TEMPLATES_DIR ? undefined : own,
        profiles.of(city).name,
      ),
    );
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('notification-service', config.LOG_LEVEL),
        MetricsModule.forRoot('notification-service', { enabled: config.METRICS_ENABLED }),
        QueueModule.forRoot(),
        AuthModule.forRoot(config, { severalCities: true }),
        AuditModule.forRoot(config.TENANT_ID),
        KafkaModule.forRoot({
          clientId: 'notification-service',
          brokers: config.KAFKA_BROKERS,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          logLevel: config.LOG_LEVEL,
          privacyMasterKey: config.PRIVACY_MASTER_KEY,
        }),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: config.DATABASE_URL,
            schema: config.DB_SCHEMA,
            entities: NOTIFICATION_ENTITIES,
            migrations: NOTIFICATION_MIGRATIONS,
            poolSize: config.DB_POOL_SIZE,
            logger: createLogger('notification-service', config.LOG_LEVEL),
          }),
          migrationsRun: true,
        }),
        DatabaseModule,
        TemplatesModule.forRoot(book),
        NotificationsModule,
        DeliveryModule,
        InboxModule,
        OptOutModule,
        PersonalDataModule,
        HealthModule.forRoot({
          imports: [CatalogueModule, DeliveryModule],
          checks: [KafkaHealthCheck, PostgresHealthCheck, CatalogueStore, DeliveryQueue],
          providers: [PostgresHealthCheck],
        }),
      ],
      providers: [OutboxRelayHost],
    };
  }
}
