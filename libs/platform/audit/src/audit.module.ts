import { DynamicModule, Global, Module } from '@nestjs/common';
import { AuditHttpController } from './audit.http.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AUDIT_TENANT } from './audit.tokens';
import { keyAuditHash } from './audited';

/**
 * The audit log of reads in a service: the interceptor that `@Audited` routes use to write their
 * row, and the administrators' query. The service lists `AuditRead` among its entities and migrations.
 */
@Global()
@Module({})
export class AuditModule {
  /** `hashSecret`: the deployment's secret the audit's hashes of searched values are keyed with. */
  static forRoot(tenantId: string, o: { hashSecret?: string } = {}): DynamicModule {
    keyAuditHash(o.hashSecret);
    return {
      module: AuditModule,
      controllers: [AuditHttpController],
      providers: [{ provide: AUDIT_TENANT, useValue: tenantId }, AuditInterceptor],
      exports: [AUDIT_TENANT, AuditInterceptor],
    };
  }
}

/**
 * The statements that make `audit_reads` append-only, for the migration that creates it:
 * UPDATE, DELETE and TRUNCATE are refused by the database itself.
 */
export const appendOnlyAuditSql = (schema: string) => [
  `CREATE OR REPLACE FUNCTION "${schema}"."audit_reads_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$`,
  `CREATE TRIGGER "audit_reads_no_change" BEFORE UPDATE OR DELETE ON "${schema}"."audit_reads" FOR EACH ROW EXECUTE FUNCTION "${schema}"."audit_reads_append_only"()`,
  `CREATE TRIGGER "audit_reads_no_truncate" BEFORE TRUNCATE ON "${schema}"."audit_reads" FOR EACH STATEMENT EXECUTE FUNCTION "${schema}"."audit_reads_append_only"()`,
];
