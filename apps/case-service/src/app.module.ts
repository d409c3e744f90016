import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule, AuditRead } from '@city/platform-audit';
import { AuthModule } from '@city/platform-auth';
import { ConfigModule } from '@city/platform-config';
import { dataSourceOptions, OutboxRelayHost, PostgresHealthCheck } from '@city/platform-database';
import { HealthModule } from '@city/platform-health';
import { CatalogueModule, KafkaHealthCheck, KafkaModule } from '@city/platform-kafka';
import { createLogger, LoggingModule } from '@city/platform-logging';
import { CaseRecord } from './cases/case.entity';
import { CasesHttpController } from './cases/cases.http.controller';
import { Open311RequestsHttpController } from './open311/open311-requests.http.controller';
import { OpenCaseUseCase } from './cases/open-case/open-case.usecase';
import { ChangeCaseUseCase } from './cases/change-case/change-case.usecase';
import { ContactPoint } from './citizens/contact-point.entity';
import { Party } from './citizens/party.entity';
import type { CaseConfig } from './config';
import { CitizenMerge } from './citizens/citizen-merge.entity';
import { CitizensHttpController } from './citizens/citizens.http.controller';
import { MergeCitizensUseCase } from './citizens/merge-citizens/merge-citizens.usecase';
import { UpdatePreferencesUseCase } from './citizens/update-preferences/update-preferences.usecase';
import { RecordOutboundMessageUseCase } from './interactions/record-outbound-message/record-outbound-message.usecase';
import { NotificationFactsConsumer } from './interactions/notification-facts.kafka.consumer';

import { RequestReceivedConsumer } from './intake/request-received.kafka.consumer';
import { Interaction } from './interactions/interaction.entity';
import { RecordCounterVisitUseCase } from './interactions/record-counter-visit/record-counter-visit.usecase';
import { CaseLink, CaseSubscription } from './links/case-link.entity';
import { CaseRecord1764230000000 } from './migrations/1764230000000-case-record';
import { CaseLinks1764240000000 } from './migrations/1764240000000-case-links';
import { CaseSearch1764250000000 } from './migrations/1764250000000-case-search';
import { CaseDuplicateSearch1764260000000 } from './migrations/1764260000000-case-duplicate-search';
import { CaseDuplicateByProperty1795812915373 } from './migrations/1795812915373-case-duplicate-by-property';
import { CitizenMerges1795813275282 } from './migrations/1795813275282-citizen-merges';
import { HeldApartCitizens1795999793356 } from './migrations/1795999793356-held-apart-citizens';
import { TimelineEntry } from './timeline/timeline-entry.entity';
import { FoldWorkflowFactUseCase } from './workflow/fold-workflow-fact.usecase';
import { AuditReads1796000081907 } from './migrations/1796000081907-audit-reads';
import { WorkflowFactsConsumer } from './workflow/workflow-facts.kafka.consumer';

export const CASE_ENTITIES = [
  Party,
  ContactPoint,
  CaseRecord,
  Interaction,
  TimelineEntry,
  CaseLink,
  CaseSubscription,
  CitizenMerge,
  AuditRead,
];
export const CASE_MIGRATIONS = [
  CaseRecord1764230000000,
  CaseLinks1764240000000,
  CaseSearch1764250000000,
  CaseDuplicateSearch1764260000000,
  CaseDuplicateByProperty1795812915373,
  CitizenMerges1795813275282,
  HeldApartCitizens1795999793356,
  AuditReads1796000081907,
];

@Module({})
export class AppModule {
  static register(config: CaseConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('case-service', config.LOG_LEVEL),
        AuthModule.forRoot(config),
        AuditModule.forRoot(config.TENANT_ID),
        KafkaModule.forRoot({
          clientId: 'case-service',
          brokers: config.KAFKA_BROKERS,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          logLevel: config.LOG_LEVEL,
        }),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: config.DATABASE_URL,
            schema: config.DB_SCHEMA,
            entities: CASE_ENTITIES,
            migrations: CASE_MIGRATIONS,
            poolSize: config.DB_POOL_SIZE,
            logger: createLogger('case-service', config.LOG_LEVEL),
          }),
          migrationsRun: true,
        }),
        HealthModule.forRoot({
          checks: [KafkaHealthCheck, PostgresHealthCheck],
          providers: [PostgresHealthCheck],
        }),
        // The catalogue (compacted topic) says which services' requests Open311 may show; not a readiness check:
        // until it is read, Open311 reads answer 503 and everything else works.
        CatalogueModule,
      ],
      controllers: [CasesHttpController, CitizensHttpController, Open311RequestsHttpController],
      providers: [
        RecordCounterVisitUseCase,
        UpdatePreferencesUseCase,
        RecordOutboundMessageUseCase,
        NotificationFactsConsumer,
        OpenCaseUseCase,
        ChangeCaseUseCase,
        MergeCitizensUseCase,
        FoldWorkflowFactUseCase,
        RequestReceivedConsumer,
        WorkflowFactsConsumer,
        OutboxRelayHost,
      ],
    };
  }
}
