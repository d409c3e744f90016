import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@city/platform-auth';
import { ConfigModule } from '@city/platform-config';
import { dataSourceOptions, OutboxRelayHost, PostgresHealthCheck } from '@city/platform-database';
import { HealthModule } from '@city/platform-health';
import { CatalogueModule, CatalogueStore, KafkaHealthCheck, KafkaModule } from '@city/platform-kafka';
import { createLogger, LoggingModule } from '@city/platform-logging';
import { Agent } from './agents/agent.entity';
import { CatalogueOwner } from './catalogue/catalogue-owner';
import { CatalogueServiceVersion } from './catalogue/catalogue-service.entity';
import { CatalogueHttpController } from './catalogue/catalogue.http.controller';
import { CounterTicket } from './counter/counter-ticket.entity';
import { CounterDeskUseCase } from './counter/counter-desk.usecase';
import { CounterHttpController } from './counter/counter.http.controller';
import { CaseEventsConsumer } from './cases/case-events.kafka.consumer';
import { systemClock, type Clock } from './clock';
import { CoreModule } from './core.module';
import type { WorkflowConfig } from './config';
import { WorkRouting1795814444827 } from './migrations/1795814444827-work-routing';
import { WorkflowRuns1795816633100 } from './migrations/1795816633100-workflow-runs';
import { CounterTickets1795817248998 } from './migrations/1795817248998-counter-tickets';
import { CatalogueServices1795818079499 } from './migrations/1795818079499-catalogue-services';
import { loadRoutingConfig, type RoutingConfig } from './routing/routing-config';
import { SlaClock } from './sla/sla-clock.entity';
import { SlaModule } from './sla/sla.module';
import { SlaTimers } from './sla/sla-timers.processor';
import { TrackCaseStatusUseCase } from './sla/track-case-status/track-case-status.usecase';
import { WorkDistributionUseCase } from './work-items/take-next/take-next.usecase';
import { WorkItem } from './work-items/work-item.entity';
import { WorkItemsHttpController } from './work-items/work-items.http.controller';
import { StartWorkflowUseCase } from './workflows/start-workflow/start-workflow.usecase';
import { WorkflowDefinitionRecord } from './workflows/workflow-definition.entity';
import { WorkflowRun } from './workflows/workflow-run.entity';

export const WORKFLOW_ENTITIES = [
  WorkItem,
  SlaClock,
  Agent,
  WorkflowDefinitionRecord,
  WorkflowRun,
  CounterTicket,
  CatalogueServiceVersion,
];
export const WORKFLOW_MIGRATIONS = [
  WorkRouting1795814444827,
  WorkflowRuns1795816633100,
  CounterTickets1795817248998,
  CatalogueServices1795818079499,
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
        AuthModule.forRoot(config),
        KafkaModule.forRoot({
          clientId: 'workflow-service',
          brokers: config.KAFKA_BROKERS,
          topicPrefix: config.KAFKA_TOPIC_PREFIX,
          logLevel: config.LOG_LEVEL,
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
        CoreModule.forRoot(
          overrides.clock ?? systemClock,
          overrides.routing ?? loadRoutingConfig(config.ROUTING_FILE),
        ),
        CatalogueModule,
        SlaModule,
        HealthModule.forRoot({
          imports: [CatalogueModule, SlaModule],
          checks: [KafkaHealthCheck, PostgresHealthCheck, CatalogueStore, SlaTimers],
          providers: [PostgresHealthCheck],
        }),
      ],
      controllers: [WorkItemsHttpController, CounterHttpController, CatalogueHttpController],
      providers: [
        CatalogueOwner,
        CounterDeskUseCase,
        StartWorkflowUseCase,
        TrackCaseStatusUseCase,
        WorkDistributionUseCase,
        CaseEventsConsumer,
        OutboxRelayHost,
      ],
    };
  }
}
