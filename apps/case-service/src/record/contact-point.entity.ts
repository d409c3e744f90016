import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Party } from './party.entity';

export type ContactPointKind = 'email' | 'phone' | 'address';

/**
 * One way to reach a citizen; an email or phone (E.164) identifies the one record that owns it, per
 * tenant. A record kept apart from that one (Party.possibleMatchOf) may hold a copy of it.
 */
@Entity({ name: 'contact_points' })
@Index('contact_points_identity', ['tenantId', 'kind', 'value'])
@Index('contact_points_owner', ['tenantId', 'kind', 'value'], { unique: true, where: '"held_apart" = false' })
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

  /**
   * A copy of a contact another record owns, on a record kept apart from it: the request that gave it
   * can be followed and heard about with it, but it never identifies this record in matching.
   */
  @Column({ name: 'held_apart', type: 'boolean', default: false })
  heldApart!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
