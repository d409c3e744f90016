import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@city/platform-auth';
import { ConfigModule } from '@city/platform-config';
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
import { Agent } from './agents/agent.entity';
import { AgentsModule } from './agents/agents.module';
import { CasesModule } from './cases/cases.module';
import { CatalogueServiceVersion } from './catalogue/catalogue-service.entity';
import { CatalogueOwnershipModule } from './catalogue/catalogue.module';
import { systemClock, type Clock } from './clock';
import { ClocksModule } from './clocks/clocks.module';
import { SlaClock } from './clocks/sla-clock.entity';
import { CounterTicket } from './counter/counter-ticket.entity';
import { CounterModule } from './counter/counter.module';
import { CoreModule } from './core.module';
import type { WorkflowConfig } from './config';
import { WorkRouting1795814444827 } from './migrations/1795814444827-work-routing';
import { WorkflowRuns1795816633100 } from './migrations/1795816633100-workflow-runs';
import { CounterTickets1795817248998 } from './migrations/1795817248998-counter-tickets';
import { CatalogueServices1795818079499 } from './migrations/1795818079499-catalogue-services';
import { AgentPresence1796045201307 } from './migrations/1796045201307-agent-presence';
import { OutboxHeaders1796062787524 } from './migrations/1796062787524-outbox-headers';
import { TakeNextEach1796099446937 } from './migrations/1796099446937-take-next-each';
import { OnboardedCities1796290545242 } from './migrations/1796290545242-onboarded-cities';
import { WorkedBy1796217169583 } from './migrations/1796217169583-worked-by';
import { QueuesModule } from './queues/queues.module';
import { RoutingBook } from './routing/routing-book';
import type { RoutingConfig } from './routing/routing-config';
import { SlaModule } from './sla/sla.module';
import { SlaTimers } from './sla/sla-timers.processor';
import { WorkItem } from './work-items/work-item.entity';
import { WorkItemsModule } from './work-items/work-items.module';
import { WorkflowDefinitionRecord } from './workflows/workflow-definition.entity';
import { WorkflowRun } from './workflows/workflow-run.entity';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { OnboardedCity } from './onboarding/onboarded-city.entity';
import { OnboardingModule } from './onboarding/onboarding.module';
import { WorkflowsModule } from './workflows/workflows.module';

export const WORKFLOW_ENTITIES = [
  WorkItem,
  SlaClock,
  Agent,
  WorkflowDefinitionRecord,
  WorkflowRun,
  CounterTicket,
  CatalogueServiceVersion,
  OnboardedCity,
];
export const WORKFLOW_MIGRATIONS = [
  WorkRouting1795814444827,
  WorkflowRuns1795816633100,
  CounterTickets1795817248998,
  CatalogueServices1795818079499,
  AgentPresence1796045201307,
  OutboxHeaders1796062787524,
  TakeNextEach1796099446937,
  WorkedBy1796217169583,
  OnboardedCities1796290545242,
];

/** What tests may put in place of the real thing: the clock (to move time) and the routing (to use their own). */
export interface WorkflowOverrides {
  clock?: Clock;
  routing?: RoutingConfig;
}

@Module({})
export class AppModule {
  static register(config: WorkflowConfig, overrides: WorkflowOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot('workflow-service', config.LOG_LEVEL),
        MetricsModule.forRoot('workflow-service', { enabled: config.METRICS_ENABLED }),
        QueueModule.forRoot(),
        AuthModule.forRoot(config, { severalCities: true }),
        KafkaModule.forRoot({
          clientId: 'workflow-service',
          brokers: config.KAFKA_BROKERS,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          logLevel: config.LOG_LEVEL,
          privacyMasterKey: config.PRIVACY_MASTER_KEY,
        }),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: config.DATABASE_URL,
            schema: config.DB_SCHEMA,
            entities: WORKFLOW_ENTITIES,
            migrations: WORKFLOW_MIGRATIONS,
            poolSize: config.DB_POOL_SIZE,
            logger: createLogger('workflow-service', config.LOG_LEVEL),
          }),
          migrationsRun: true,
        }),
        DatabaseModule,
        CoreModule.forRoot(
          overrides.clock ?? systemClock,
          overrides.routing ? RoutingBook.everywhere(overrides.routing) : RoutingBook.load(config),
        ),
        CatalogueModule,
        AgentsModule,
        WorkItemsModule,
        QueuesModule,
        ClocksModule,
        WorkflowsModule,
        SlaModule,
        CasesModule,
        CounterModule,
        PersonalDataModule,
        CatalogueOwnershipModule,
        OnboardingModule,
        HealthModule.forRoot({
          imports: [CatalogueModule, SlaModule],
          checks: [KafkaHealthCheck, PostgresHealthCheck, CatalogueStore, SlaTimers],
          providers: [PostgresHealthCheck],
        }),
      ],
      providers: [OutboxRelayHost],
    };
  }
}
