import { CatalogueServiceVersion } from './catalogue-service.entity';
import { CatalogueServiceRepository } from './catalogue-service.repository';

/** CatalogueServiceRepository in memory, for unit tests. */
export class InMemoryCatalogueServiceRepository extends CatalogueServiceRepository {
  readonly rows: CatalogueServiceVersion[] = [];

  async latestOfEach(tenantId: string): Promise<Map<string, CatalogueServiceVersion>> {
    const latest = new Map<string, CatalogueServiceVersion>();
    for (const r of this.rows)
      if (r.tenantId === tenantId && (latest.get(r.code)?.version ?? 0) < r.version) latest.set(r.code, r);
    return latest;
  }

  async history(tenantId: string, code: string): Promise<CatalogueServiceVersion[]> {
    return this.rows
      .filter((r) => r.tenantId === tenantId && r.code === code)
      .sort((a, b) => b.version - a.version);
  }

  async lastVersion(tenantId: string, code: string): Promise<number> {
    return Math.max(0, ...(await this.history(tenantId, code)).map((r) => r.version));
  }

  async add(version: CatalogueServiceVersion): Promise<void> {
    if (
      this.rows.some(
        (r) => r.tenantId === version.tenantId && r.code === version.code && r.version === version.version,
      )
    )
      throw new Error(`duplicate key: ${version.code} version ${version.version}`);
    this.rows.push(Object.assign(new CatalogueServiceVersion(), structuredClone(version)));
  }
}
