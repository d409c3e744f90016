import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ServiceDefinition } from '@city/contracts';

/** A version of a service of the catalogue; versions are added, never changed: the history of the service. */
@Entity({ name: 'catalogue_services' })
export class CatalogueServiceVersion {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ type: 'text' })
  code!: string;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  @Column({ type: 'jsonb' })
  definition!: ServiceDefinition;

  /** Who made this version: an administrator, or the file it was imported from. */
  @Column({ name: 'changed_by', type: 'text' })
  changedBy!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}
