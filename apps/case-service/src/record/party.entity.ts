import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
  type Relation,
} from 'typeorm';
import type { Language, UpdateChannel } from '@city/contracts';
import { ContactPoint } from './contact-point.entity';

/** A citizen (party): who they are, how they want to hear from us, and what support they need. */
@Entity({ name: 'parties' })
@Index('parties_tenant_name', ['tenantId', 'lastName', 'firstName'])
// Trigram index on the full name, for agents' name search; managed by migration 1764250000000.
@Index('parties_name_trgm', { synchronize: false })
export class Party {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'first_name', type: 'text', nullable: true })
  firstName!: string | null;

  @Column({ name: 'last_name', type: 'text', nullable: true })
  lastName!: string | null;

  @Column({ name: 'preferred_channel', type: 'text' })
  preferredChannel!: UpdateChannel;

  @Column({ type: 'text' })
  language!: Language;

  /** May we send updates at all (the opt-out). */
  @Column({ name: 'consent_updates', type: 'boolean', default: true })
  consentUpdates!: boolean;

  /** The citizen has support needs (a vulnerability flag); routing may use it. */
  @Column({ name: 'support_needs', type: 'boolean', default: false })
  supportNeeds!: boolean;

  /** Set when an agent merged this record into another. */
  @Column({ name: 'merged_into', type: 'uuid', nullable: true })
  mergedInto!: string | null;

  /**
   * Set when this record was kept apart from that citizen's: a request on an anonymous channel
   * matched them by one contact and gave another their record does not hold, which no one has
   * verified. An agent merges the two if they are one person.
   */
  @Column({ name: 'possible_match_of', type: 'uuid', nullable: true })
  possibleMatchOf!: string | null;

  /** When the citizen's personal data was erased from this record (docs/personal-data.md); null while it holds it. */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;

  @OneToMany(() => ContactPoint, (c) => c.party)
  contactPoints!: Relation<ContactPoint[]>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
