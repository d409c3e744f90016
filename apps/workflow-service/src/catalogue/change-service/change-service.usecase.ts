import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DomainError, type ServiceDefinition } from '@city/contracts';
import { checkService } from '@city/platform-catalogue';
import { Outbox, Transaction } from '@city/platform-database';
import { KAFKA_LOGGER } from '@city/platform-kafka';
import { CLOCK, type Clock } from '../../clock';
import { WorkflowDefinitions } from '../../workflows/workflow-definitions.store';
import { LGSL_REFERENCE, servicePublished } from '../catalogue-events';
import { CatalogueServiceVersion } from '../catalogue-service.entity';
import { CatalogueServiceRepository } from '../catalogue-service.repository';

export interface ChangeService {
  tenantId: string;
  code: string;
  /** The whole service as it is to be; its version is the next of its history. */
  doc: Record<string, unknown>;
  changedBy: string;
  reason: string;
}

/**
 * An administrator changes a service (or adds one): checked against the contracts' schema, the
 * national LGSL list and the workflows there are; stored as the next version; published.
 */
@Injectable()
export class ChangeServiceUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly versions: CatalogueServiceRepository,
    private readonly outbox: Outbox,
    private readonly workflows: WorkflowDefinitions,
    @Inject(LGSL_REFERENCE) private readonly lgsl: Set<string>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {}

  execute({ tenantId, code, doc, changedBy, reason }: ChangeService): Promise<ServiceDefinition> {
    return this.tx.run(async () => {
      await this.tx.lock([`${tenantId}/catalogue/${code}`]);
      const version = (await this.versions.lastVersion(tenantId, code)) + 1;
      const checked = checkService({ ...doc, code, version }, this.lgsl);
      if (!checked.ok)
        throw DomainError.invalid(
          'catalogue.invalid-service',
          'That service definition cannot be used.',
          checked.problems.map((p) => ({ field: `service.${p.field}`, reason: p.reason })),
        );
      const s = checked.service;
      if (s.workflow && !this.workflows.latest(tenantId, s.workflow))
        throw DomainError.invalid('catalogue.unknown-workflow', 'That service definition cannot be used.', [
          {
            field: 'service.workflow',
            reason: `no workflow ${s.workflow} (there are: ${this.workflows
              .list(tenantId)
              .map((w) => w.id)
              .join(', ')})`,
          },
        ]);
      await this.versions.add(
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
      await this.outbox.enqueue([servicePublished(tenantId, s)]);
      this.logger.info({ code, version, changedBy }, 'catalogue service changed');
      return s;
    });
  }
}
