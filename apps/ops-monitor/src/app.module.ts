import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { MigrationInterface } from 'typeorm';
import { AuthModule } from '@city/platform-auth';
import { ConfigModule } from '@city/platform-config';
import { DatabaseModule, dataSourceOptions, PostgresHealthCheck } from '@city/platform-database';
import { HealthModule } from '@city/platform-health';
import { CatalogueModule, CatalogueStore, KafkaHealthCheck, KafkaModule } from '@city/platform-kafka';
import { createLogger, LoggingModule } from '@city/platform-logging';
import { MetricsModule } from '@city/platform-metrics';
import type { OpsConfig } from './config';
import { OpsDeadLetter, OpsDeadLetterReplay } from './dead-letters/dead-letter.entity';
import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { LiveModule } from './live/live.module';
import { ReadModels1796063087243 } from './migrations/1796063087243-read-models';
import { Ambitions1796065082542 } from './migrations/1796065082542-ambitions';
import { SpanService1796066189848 } from './migrations/1796066189848-span-service';
import { DurationMinutes1796067275680 } from './migrations/1796067275680-duration-minutes';
import { Workforce1796072592353 } from './migrations/1796072592353-workforce';
import { DeadLetters1796065481452 } from './migrations/1796065481452-dead-letters';
import { WorkedBy1796217535538 } from './migrations/1796217535538-worked-by';
import { ProjectionModule } from './projection/projection.module';
import { OpsCase, OpsProjectionState, OpsStatusSpan } from './read-model/ops-case.entity';
import { ReportsModule } from './reports/reports.module';
import { OpsAgent, OpsCounterTicket } from './read-model/ops-workforce.entity';
import { AmbitionRecord } from './reports/self-assessment/ambition.entity';
import { WorkforceModule } from './workforce/workforce.module';

export const OPS_ENTITIES = [
  OpsCase,
  OpsStatusSpan,
  OpsProjectionState,
  AmbitionRecord,
  OpsDeadLetter,
  OpsDeadLetterReplay,
  OpsAgent,
  OpsCounterTicket,
];
export const OPS_MIGRATIONS: Array<new () => MigrationInterface> = [
  ReadModels1796063087243,
  Ambitions1796065082542,
  DeadLetters1796065481452,
  SpanService1796066189848,
  DurationMinutes1796067275680,
  Workforce1796072592353,
  WorkedBy1796217535538,
];

@Module({})
export class AppModule {
  static register(config: OpsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('ops-monitor', config.LOG_LEVEL),
        MetricsModule.forRoot('ops-monitor', { enabled: config.METRICS_ENABLED }),
        AuthModule.forRoot(config, { severalCities: true }),
        KafkaModule.forRoot({
          clientId: 'ops-monitor',
          brokers: config.KAFKA_BROKERS,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          logLevel: config.LOG_LEVEL,
          privacyMasterKey: config.PRIVACY_MASTER_KEY,
        }),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: config.DATABASE_URL,
            schema: config.DB_SCHEMA,
            entities: OPS_ENTITIES,
            migrations: OPS_MIGRATIONS,
            poolSize: config.DB_POOL_SIZE,
            logger: createLogger('ops-monitor', config.LOG_LEVEL),
          }),
          migrationsRun: true,
        }),
        DatabaseModule,
        LiveModule,
        ProjectionModule,
        WorkforceModule,
        ReportsModule,
        DeadLettersModule,
        HealthModule.forRoot({
          imports: [CatalogueModule],
          checks: [KafkaHealthCheck, PostgresHealthCheck, CatalogueStore],
          providers: [PostgresHealthCheck],
        }),
      ],
    };
  }
}
