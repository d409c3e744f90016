import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import {
  catalogueKey,
  catalogueServicePublishedV1,
  createEnvelope,
  TOPICS,
  type ServiceDefinition,
} from '@city/contracts';
import {
  canonicalJson,
  checkService,
  formatProblems,
  loadCatalogue,
  readLgslReference,
} from '@city/platform-catalogue';
import { APP_CONFIG } from '@city/platform-config';
import { enqueueEvents, tableName } from '@city/platform-database';
import { ApiError } from '@city/platform-http';
import { KAFKA_LOGGER } from '@city/platform-kafka';
import { CLOCK, type Clock } from '../clock';
import type { WorkflowConfig } from '../config';
import { WorkflowDefinitions } from '../workflows/workflow-definitions.store';
import { CatalogueServiceVersion } from './catalogue-service.entity';

/**
 * The workflow-service owns the catalogue the gateway reads. At start it imports the versioned files
 * (a service new or with a higher version is stored; the same version with other content stops the
 * start), keeps every version in Postgres, and publishes the latest of each service to the
 * compacted catalogue topic through the outbox. After that, administrators change services through
 * the admin API: each change is checked, becomes the next version, and is published the same way.
 */
@Injectable()
export class CatalogueOwner implements OnModuleInit {
  private lgsl = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly workflows: WorkflowDefinitions,
    @Inject(APP_CONFIG) private readonly config: WorkflowConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    this.lgsl = readLgslReference(this.config.LGSL_FILE);
    const files = loadCatalogue(this.config.CATALOGUE_DIR, this.lgsl);
    if (!files.ok)
      throw new Error(
        `the catalogue in ${this.config.CATALOGUE_DIR} cannot be imported:\n${formatProblems(files.problems)}`,
      );
    await this.dataSource.transaction(async (m) => {
      // One importer at a time (several replicas start together).
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `${this.config.TENANT_ID}/catalogue-import`,
      ]);
      const latest = await this.latestAll(m);
      const problems: string[] = [];
      for (const s of files.services) {
        const stored = latest.get(s.code);
        if (stored && s.version === stored.version && canonicalJson(stored.definition) !== canonicalJson(s))
          problems.push(
            `${s.code}.yaml: version ${s.version} is already in use with other content; give the change a new version`,
          );
        else if (!stored || s.version > stored.version) {
          await this.store(m, s, `file:${s.code}.yaml`, 'imported from the catalogue files');
          latest.set(s.code, { version: s.version, definition: s } as CatalogueServiceVersion);
        }
      }
      if (problems.length > 0)
        throw new Error(
          `the catalogue in ${this.config.CATALOGUE_DIR} cannot be imported:\n  ${problems.join('\n  ')}`,
        );
      // The latest of every service on the topic: a fresh Kafka gets the catalogue from Postgres.
      await this.publish(
        m,
        [...latest.values()].map((v) => v.definition),
      );
    });
  }

  private async latestAll(m: EntityManager): Promise<Map<string, CatalogueServiceVersion>> {
    const rows = await m.query(
      `SELECT DISTINCT ON (code) * FROM ${tableName(m, CatalogueServiceVersion)} WHERE tenant_id = $1 ORDER BY code, version DESC`,
      [this.config.TENANT_ID],
    );
    return new Map(
      (rows as Array<{ code: string; version: number; definition: ServiceDefinition }>).map((r) => [
        r.code,
        Object.assign(new CatalogueServiceVersion(), r),
      ]),
    );
  }

  private store(m: EntityManager, s: ServiceDefinition, changedBy: string, reason: string) {
    return m.getRepository(CatalogueServiceVersion).insert({
      tenantId: this.config.TENANT_ID,
      code: s.code,
      version: s.version,
      definition: s,
      changedBy,
      reason,
      changedAt: this.clock.now(),
    });
  }

  private publish(m: EntityManager, services: ServiceDefinition[]) {
    const tenantId = this.config.TENANT_ID;
    return enqueueEvents(
      m,
      services.map((s) => ({
        topic: TOPICS.catalogueServices,
        key: catalogueKey(tenantId, s.code),
        event: createEnvelope(catalogueServicePublishedV1, {
          tenantId,
          correlationId: `catalogue:${s.code}:${s.version}`,
          payload: s,
        }),
      })),
    );
  }

  async list(): Promise<ServiceDefinition[]> {
    return [...(await this.latestAll(this.dataSource.manager)).values()]
      .map((v) => v.definition)
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  async history(code: string): Promise<CatalogueServiceVersion[]> {
    const versions = await this.dataSource
      .getRepository(CatalogueServiceVersion)
      .find({ where: { tenantId: this.config.TENANT_ID, code }, order: { version: 'DESC' } });
    if (versions.length === 0) throw new ApiError(404, `No service ${code} in the catalogue.`);
    return versions;
  }

  /**
   * An administrator changes a service (or adds one): checked against the contracts' schema, the
   * national LGSL list and the workflows there are; stored as the next version; published.
   */
  change(
    code: string,
    doc: Record<string, unknown>,
    changedBy: string,
    reason: string,
  ): Promise<ServiceDefinition> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `${this.config.TENANT_ID}/catalogue/${code}`,
      ]);
      const [last] = await m.query(
        `SELECT max(version)::int AS v FROM ${tableName(m, CatalogueServiceVersion)} WHERE tenant_id = $1 AND code = $2`,
        [this.config.TENANT_ID, code],
      );
      const version = (last?.v ?? 0) + 1;
      const checked = checkService({ ...doc, code, version }, this.lgsl);
      if (!checked.ok)
        throw new ApiError(
          400,
          'That service definition cannot be used.',
          checked.problems.map((p) => ({ field: `service.${p.field}`, reason: p.reason })),
        );
      const s = checked.service;
      if (s.workflow && !this.workflows.latest(s.workflow))
        throw new ApiError(400, 'That service definition cannot be used.', [
          {
            field: 'service.workflow',
            reason: `no workflow ${s.workflow} (there are: ${this.workflows
              .list()
              .map((w) => w.id)
              .join(', ')})`,
          },
        ]);
      await this.store(m, s, changedBy, reason);
      await this.publish(m, [s]);
      this.logger.info({ code, version, changedBy }, 'catalogue service changed');
      return s;
    });
  }
}
