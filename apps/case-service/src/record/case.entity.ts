import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { CaseStatus, Channel, InteractionTypeName } from './case.types';

/** A citizen's request as one case, whichever channel it came by. */
@Entity({ name: 'cases' })
@Index('cases_reference', ['tenantId', 'reference'], { unique: true })
@Index('cases_status', ['tenantId', 'status', 'receivedAt'])
@Index('cases_queue', ['tenantId', 'queue', 'receivedAt'])
@Index('cases_received', ['tenantId', 'receivedAt'])
// Trigram index for address search (ILIKE '%...%'); managed by migration 1764250000000, not by TypeORM.
@Index('cases_address_trgm', { synchronize: false })
@Index('cases_service', ['tenantId', 'serviceCode', 'status'])
// Duplicate search: a band of latitude within one service, instead of every open case of the service.
@Index('cases_service_lat', ['tenantId', 'serviceCode', 'lat'])
// Duplicate search by property (a UPRN): the same service at the same address. Partial: most
// reports carry no property id, and an index they are not in costs them nothing to write.
@Index('cases_service_property', ['tenantId', 'serviceCode', 'propertyId'], {
  where: '"property_id" IS NOT NULL',
})
// The cases another city hands this one to work (a shared service), for its staff to find.
@Index('cases_worked_by', ['workedBy', 'receivedAt'], { where: '"worked_by" IS NOT NULL' })
// The retention run's scan: finished cases not yet anonymised, by service and last change.
@Index('cases_retention_due', ['tenantId', 'serviceCode', 'updatedAt'], {
  where: `"anonymised_at" IS NULL AND "status" IN ('closed', 'duplicate', 'not-our-responsibility', 'withdrawn')`,
})
export class CaseRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The city whose case it is: its record, its citizen, its service level. */
  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /**
   * The city whose staff work the case when its city hands the service to another by agreement
   * (docs/multi-tenancy.md), as the workflow routed it; null when its own city works it.
   */
  @Column({ name: 'worked_by', type: 'text', nullable: true })
  workedBy!: string | null;

  @Column({ type: 'text' })
  reference!: string;

  @Column({ name: 'service_code', type: 'text' })
  serviceCode!: string;

  @Column({ name: 'service_version', type: 'int' })
  serviceVersion!: number;

  @Column({ name: 'lgsl_id', type: 'int' })
  lgslId!: number;

  @Column({ name: 'interaction_type', type: 'text' })
  interactionType!: InteractionTypeName;

  @Column({ type: 'text' })
  status!: CaseStatus;

  /** 1 (most urgent) to 4; the workflow sets it. */
  @Column({ type: 'smallint', default: 3 })
  priority!: number;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'jsonb' })
  attributes!: Record<string, string | number | string[]>;

  @Column({ type: 'double precision', nullable: true })
  lat!: number | null;

  @Column({ type: 'double precision', nullable: true })
  long!: number | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ name: 'property_id', type: 'text', nullable: true })
  propertyId!: string | null;

  @Column({ name: 'channel_of_origin', type: 'text' })
  channelOfOrigin!: Channel;

  @Index('cases_party')
  @Column({ name: 'party_id', type: 'uuid', nullable: true })
  partyId!: string | null;

  @Column({ type: 'text' })
  queue!: string;

  @Column({ type: 'text', nullable: true })
  assignee!: string | null;

  @Column({ name: 'first_response_due_at', type: 'timestamptz', nullable: true })
  firstResponseDueAt!: Date | null;

  @Column({ name: 'resolution_due_at', type: 'timestamptz', nullable: true })
  resolutionDueAt!: Date | null;

  /**
   * While it is resolved: when it closes by itself, after which its citizen can no longer reopen it
   * (the workflow's CaseCloseScheduled: its service's `reopenWithin`, or the city's period). Null
   * until the workflow says, and again after any change of status.
   */
  @Column({ name: 'closes_at', type: 'timestamptz', nullable: true })
  closesAt!: Date | null;

  @Column({ name: 'duplicate_of', type: 'uuid', nullable: true })
  duplicateOf!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /**
   * When its personal data was taken out (its citizen's erasure, or the retention run): the case
   * stays, for the figures; a fact arriving late about it is written without its words.
   */
  @Column({ name: 'anonymised_at', type: 'timestamptz', nullable: true })
  anonymisedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Optimistic versioning: a change based on an older version is refused (409). */
  @VersionColumn()
  version!: number;
}
