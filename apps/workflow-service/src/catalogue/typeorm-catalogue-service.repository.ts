import { Injectable } from '@nestjs/common';
import type { ServiceDefinition } from '@city/contracts';
import { tableName, TypeormTransaction } from '@city/platform-database';
import { CatalogueServiceVersion } from './catalogue-service.entity';
import { CatalogueServiceRepository } from './catalogue-service.repository';

@Injectable()
export class TypeormCatalogueServiceRepository extends CatalogueServiceRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  private get versions() {
    return this.tx.manager().getRepository(CatalogueServiceVersion);
  }

  async latestOfEach(tenantId: string): Promise<Map<string, CatalogueServiceVersion>> {
    const m = this.tx.manager();
    const rows = await m.query(
      `SELECT DISTINCT ON (code) * FROM ${tableName(m, CatalogueServiceVersion)} WHERE tenant_id = $1 ORDER BY code, version DESC`,
      [tenantId],
    );
    return new Map(
      (rows as Array<{ code: string; version: number; definition: ServiceDefinition }>).map((r) => [
        r.code,
        Object.assign(new CatalogueServiceVersion(), r),
      ]),
    );
  }

  history(tenantId: string, code: string): Promise<CatalogueServiceVersion[]> {
    return this.versions.find({ where: { tenantId, code }, order: { version: 'DESC' } });
  }

  async lastVersion(tenantId: string, code: string): Promise<number> {
    const m = this.tx.manager();
    const [last] = await m.query(
      `SELECT max(version)::int AS v FROM ${tableName(m, CatalogueServiceVersion)} WHERE tenant_id = $1 AND code = $2`,
      [tenantId, code],
    );
    return last?.v ?? 0;
  }

  async add(version: CatalogueServiceVersion): Promise<void> {
    await this.versions.insert(version);
  }
}
