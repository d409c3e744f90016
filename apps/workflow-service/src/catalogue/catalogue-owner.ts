import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { ServiceDefinition } from '@city/contracts';
import { canonicalJson, formatProblems, loadCatalogue } from '@city/platform-catalogue';
import { APP_CONFIG, cityPart, servedCities } from '@city/platform-config';
import { Outbox, Transaction } from '@city/platform-database';
import { CLOCK, type Clock } from '../clock';
import type { WorkflowConfig } from '../config';
import { LGSL_REFERENCE, servicePublished } from './catalogue-events';
import { CatalogueServiceVersion } from './catalogue-service.entity';
import { CatalogueServiceRepository } from './catalogue-service.repository';

/**
 * The workflow-service owns the catalogue the gateway reads. At start it imports each served city's
 * versioned files
 * (a service new or with a higher version is stored; the same version with other content stops the
 * start), keeps every version in Postgres, and publishes the latest of each service to the
 * compacted catalogue topic through the outbox. After that, administrators change services through
 * the admin API (ChangeServiceUseCase): each change is checked, becomes the next version, and is
 * published the same way.
 */
@Injectable()
export class CatalogueOwner implements OnModuleInit {
  constructor(
    private readonly tx: Transaction,
    private readonly versions: CatalogueServiceRepository,
    private readonly outbox: Outbox,
    @Inject(LGSL_REFERENCE) private readonly lgsl: Set<string>,
    @Inject(APP_CONFIG) private readonly config: WorkflowConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const city of servedCities(this.config))
      await this.importCity(city, cityPart(this.config, city, 'services', this.config.CATALOGUE_DIR));
  }

  /** A city's own catalogue files (`<CITIES_DIR>/<city>/services`), or the deployment's when it brings none. */
  private async importCity(tenantId: string, dir: string): Promise<void> {
    const files = loadCatalogue(dir, this.lgsl);
    if (!files.ok)
      throw new Error(`the catalogue in ${dir} cannot be imported:\n${formatProblems(files.problems)}`);
    await this.tx.run(async () => {
      // One importer at a time (several replicas start together).
      await this.tx.lock([`${tenantId}/catalogue-import`]);
      const latest = await this.versions.latestOfEach(tenantId);
      const problems: string[] = [];
      for (const s of files.services) {
        const stored = latest.get(s.code);
        if (stored && s.version === stored.version && canonicalJson(stored.definition) !== canonicalJson(s))
          problems.push(
            `${s.code}.yaml: version ${s.version} is already in use with other content; give the change a new version`,
          );
        else if (!stored || s.version > stored.version) {
          await this.store(tenantId, s, `file:${s.code}.yaml`, 'imported from the catalogue files');
          latest.set(s.code, { version: s.version, definition: s } as CatalogueServiceVersion);
        }
      }
      if (problems.length > 0)
        throw new Error(`the catalogue in ${dir} cannot be imported:\n  ${problems.join('\n  ')}`);
      // The latest of every service on the topic: a fresh Kafka gets the catalogue from Postgres.
      await this.outbox.enqueue([...latest.values()].map((v) => servicePublished(tenantId, v.definition)));
    });
  }

  private store(tenantId: string, s: ServiceDefinition, changedBy: string, reason: string): Promise<void> {
    return this.versions.add(
      Object.assign(new CatalogueServiceVersion(), {
        tenantId,
        code: s.code,
        version: s.version,
        definition: s,
        changedBy,
        reason,
        changedAt: this.clock.now(),
      }),
    );
  }
}
