import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Party } from './party.entity';

export type ContactPointKind = 'email' | 'phone' | 'address';

/** One way to reach a citizen; email and phone (E.164) are unique per tenant and identify the citizen. */
@Entity({ name: 'contact_points' })
@Index('contact_points_identity', ['tenantId', 'kind', 'value'], { unique: true })
export class ContactPoint {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Index('contact_points_party')
  @Column({ name: 'party_id', type: 'uuid' })
  partyId!: string;

  @ManyToOne(() => Party, (p) => p.contactPoints, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'party_id' })
  party!: Relation<Party>;

  @Column({ type: 'text' })
  kind!: ContactPointKind;

  /** Normalised: emails lower-cased, phones in E.164, addresses as given. */
  @Column({ type: 'text' })
  value!: string;

  /** A property id such as a UPRN, for addresses. */
  @Column({ name: 'property_id', type: 'text', nullable: true })
  propertyId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
