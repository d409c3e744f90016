import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A case or a citizen whose personal data was erased here (docs/personal-data.md): a message on its
 * way at that moment is recorded without its address and words, as the erasure left the others.
 */
@Entity({ name: 'erased_subjects' })
export class ErasedSubject {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ type: 'text' })
  kind!: 'case' | 'citizen';

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'erased_at', type: 'timestamptz' })
  erasedAt!: Date;
}
