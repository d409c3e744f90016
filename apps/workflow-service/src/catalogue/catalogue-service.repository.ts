import type { CatalogueServiceVersion } from './catalogue-service.entity';

/** The catalogue's services, every version kept: its history. */
export abstract class CatalogueServiceRepository {
  /** The latest version of each of a tenant's services, by code. */
  abstract latestOfEach(tenantId: string): Promise<Map<string, CatalogueServiceVersion>>;
  /** Every version of a service, the latest first (none when there is no such service). */
  abstract history(tenantId: string, code: string): Promise<CatalogueServiceVersion[]>;
  /** The number of a service's latest version (0 when there is none yet). */
  abstract lastVersion(tenantId: string, code: string): Promise<number>;
  abstract add(version: CatalogueServiceVersion): Promise<void>;
}
