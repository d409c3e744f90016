import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A citizen's record restricted (GDPR article 18; docs/personal-data.md): on what ground, by whom,
 * since when, and, once lifted, by whom, when and how the citizen was told first. One in force per
 * record at most; the lifted ones stay, for the accountability the GDPR asks (article 5(2)). Nothing
 * personal: the record's id.
 */
@Entity({ name: 'citizen_restrictions' })
@Index('citizen_restrictions_in_force', ['tenantId', 'partyId'], {
  unique: true,
  where: 'lifted_at IS NULL',
})
export class CitizenRestriction {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'party_id', type: 'uuid' })
  partyId!: string;

  @Column({ type: 'text' })
  ground!: string;

  /** The administrator, as an actor label (`admin:admin-1`). */
  @Column({ name: 'restricted_by', type: 'text' })
  restrictedBy!: string;

  @Column({ name: 'restricted_at', type: 'timestamptz' })
  restrictedAt!: Date;

  @Column({ name: 'lifted_by', type: 'text', nullable: true })
  liftedBy!: string | null;

  @Column({ name: 'lifted_at', type: 'timestamptz', nullable: true })
  liftedAt!: Date | null;

  /** How and on which day the citizen was told it would be lifted (`letter 2026-12-03`). */
  @Column({ type: 'text', nullable: true })
  told!: string | null;
}
