import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule, AuditRead } from '@city/platform-audit';
import { AuthModule } from '@city/platform-auth';
import { ConfigModule } from '@city/platform-config';
import {
  DatabaseModule,
  dataSourceOptions,
  OutboxRelayHost,
  PostgresHealthCheck,
} from '@city/platform-database';
import { HealthModule } from '@city/platform-health';
import { KafkaHealthCheck, KafkaModule } from '@city/platform-kafka';
import { createLogger, LoggingModule } from '@city/platform-logging';
import { MetricsModule } from '@city/platform-metrics';
import { CasesModule } from './cases/cases.module';
import { CitizensModule } from './citizens/citizens.module';
import { DocumentsModule } from './documents/documents.module';
import type { CaseConfig } from './config';
import { IntakeModule } from './intake/intake.module';
import { InteractionsModule } from './interactions/interactions.module';
import { ScreenPopsModule } from './screen-pops/screen-pops.module';
import { CaseRecord1764230000000 } from './migrations/1764230000000-case-record';
import { CaseLinks1764240000000 } from './migrations/1764240000000-case-links';
import { CaseSearch1764250000000 } from './migrations/1764250000000-case-search';
import { CaseDuplicateSearch1764260000000 } from './migrations/1764260000000-case-duplicate-search';
import { CaseDuplicateByProperty1795812915373 } from './migrations/1795812915373-case-duplicate-by-property';
import { CitizenMerges1795813275282 } from './migrations/1795813275282-citizen-merges';
import { HeldApartCitizens1795999793356 } from './migrations/1795999793356-held-apart-citizens';
import { AuditReads1796000081907 } from './migrations/1796000081907-audit-reads';
import { CaseDocuments1796052474287 } from './migrations/1796052474287-case-documents';
import { CaseClosesAt1796055384122 } from './migrations/1796055384122-case-closes-at';
import { OutboxHeaders1796062778689 } from './migrations/1796062778689-outbox-headers';
import { CaseSatisfaction1796062679586 } from './migrations/1796062679586-case-satisfaction';
import { WorkedBy1796217396791 } from './migrations/1796217396791-worked-by';
import { CitizenErasures1796220454465 } from './migrations/1796220454465-citizen-erasures';
import { ErasureDocumentsLeft1796231832643 } from './migrations/1796231832643-erasure-documents-left';
import { Retention1796232906646 } from './migrations/1796232906646-retention';
import { Open311Module } from './open311/open311.module';
import { CaseLink, CaseSubscription } from './record/case-link.entity';
import { CaseDocument } from './record/case-document.entity';
import { CaseSatisfaction } from './record/case-satisfaction.entity';
import { CaseRecord } from './record/case.entity';
import { CitizenMerge } from './record/citizen-merge.entity';
import { ContactPoint } from './record/contact-point.entity';
import { Interaction } from './record/interaction.entity';
import { Party } from './record/party.entity';
import { TimelineEntry } from './record/timeline-entry.entity';
import { CitizenRestriction } from './record/citizen-restriction.entity';
import { ErasedRecords1796293312156 } from './migrations/1796293312156-erased-records';
import { RetentionRunUnderWay1796314312265 } from './migrations/1796314312265-retention-run-under-way';
import { CitizenRestrictions1796280713112 } from './migrations/1796280713112-citizen-restrictions';
import { CitizenErasure } from './personal-data/citizen-erasure.entity';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { RetentionRun } from './retention/retention-run.entity';
import { RetentionModule } from './retention/retention.module';
import { RequestsModule } from './requests/requests.module';
import { SatisfactionModule } from './satisfaction/satisfaction.module';
import { WorkflowModule } from './workflow/workflow.module';

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
  CaseDocument,
  CaseSatisfaction,
  CitizenErasure,
  RetentionRun,
  CitizenRestriction,
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
  CaseDocuments1796052474287,
  CaseClosesAt1796055384122,
  OutboxHeaders1796062778689,
  CaseSatisfaction1796062679586,
  WorkedBy1796217396791,
  CitizenErasures1796220454465,
  ErasureDocumentsLeft1796231832643,
  Retention1796232906646,
  CitizenRestrictions1796280713112,
  ErasedRecords1796293312156,
  RetentionRunUnderWay1796314312265,
];

@Module({})
export class AppModule {
  static register(config: CaseConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('case-service', config.LOG_LEVEL),
        MetricsModule.forRoot('case-service', { enabled: config.METRICS_ENABLED }),
        AuthModule.forRoot(config, { severalCities: true }),
        AuditModule.forRoot(config.TENANT_ID, { hashSecret: config.PRIVACY_MASTER_KEY }),
        KafkaModule.forRoot({
          clientId: 'case-service',
          brokers: config.KAFKA_BROKERS,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          logLevel: config.LOG_LEVEL,
          privacyMasterKey: config.PRIVACY_MASTER_KEY,
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
        DatabaseModule,
        HealthModule.forRoot({
          checks: [KafkaHealthCheck, PostgresHealthCheck],
          providers: [PostgresHealthCheck],
        }),
        // The features: each a module on the record; none imports another but as its module exports.
        IntakeModule,
        CasesModule,
        CitizensModule,
        RequestsModule,
        DocumentsModule,
        PersonalDataModule,
        RetentionModule,
        SatisfactionModule,
        InteractionsModule,
        ScreenPopsModule,
        WorkflowModule,
        Open311Module,
      ],
      providers: [OutboxRelayHost],
    };
  }
}
