import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An erasure carried out (docs/personal-data.md): whose record, on what ground, by whom, when, and
 * what each service anonymised or removed. It holds nothing personal: the record's id, which now
 * names a record without a name or a contact. Kept for the accountability the GDPR asks (article
 * 5(2)), and so an erasure asked again answers what was done.
 */
@Entity({ name: 'citizen_erasures' })
@Index('citizen_erasures_party', ['tenantId', 'partyId'], { unique: true })
export class CitizenErasure {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'party_id', type: 'uuid' })
  partyId!: string;

  /** The records merged into it, erased with it. */
  @Column({ name: 'merged_ids', type: 'uuid', array: true, default: () => "'{}'" })
  mergedIds!: string[];

  @Column({ type: 'text' })
  ground!: string;

  /** The administrator, as an actor label (`admin:admin-1`). */
  @Column({ name: 'erased_by', type: 'text' })
  erasedBy!: string;

  @Column({ name: 'erased_at', type: 'timestamptz' })
  erasedAt!: Date;

  /** Per service, how many rows of each kind it anonymised or removed. */
  @Column({ type: 'jsonb' })
  erased!: Record<string, Record<string, number>>;
  /**
   * The documents whose bytes are still in the store (their removal after the commit failed): tried
   * again when the erasure is asked again. Store keys and digests, nothing personal.
   */
  @Column({ name: 'documents_left', type: 'jsonb', default: () => "'[]'" })
  documentsLeft!: Array<{ key: string; sha256: string }>;
}
