import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a merge moved, exactly, so that an administrator can move it back. */
export interface MergeMoves {
  caseIds: string[];
  interactionIds: string[];
  contactPointIds: string[];
  /** Subscriptions of the merged record moved to the survivor: [caseId, reason]. */
  movedSubscriptions: Array<[string, string]>;
  /** Subscriptions of the merged record dropped because the survivor already followed the case: [caseId, reason]. */
  droppedSubscriptions: Array<[string, string]>;
  /** The survivor's fields before the merge filled them in from the merged record. */
  survivorBefore: { firstName: string | null; lastName: string | null; supportNeeds: boolean };
}

/** The audit trail of citizen merges: who merged which record into which, why, what moved, and any reversal. */
@Entity({ name: 'citizen_merges' })
@Index('citizen_merges_survivor', ['survivorId'])
@Index('citizen_merges_merged', ['mergedId'])
export class CitizenMerge {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'survivor_id', type: 'uuid' })
  survivorId!: string;

  @Column({ name: 'merged_id', type: 'uuid' })
  mergedId!: string;

  @Column({ name: 'merged_by', type: 'text' })
  mergedBy!: string;

  @Column({ type: 'text', nullable: true })
  channel!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'merged_at', type: 'timestamptz' })
  mergedAt!: Date;

  @Column({ type: 'jsonb' })
  moves!: MergeMoves;

  @Column({ name: 'reversed_by', type: 'text', nullable: true })
  reversedBy!: string | null;

  @Column({ name: 'reversed_at', type: 'timestamptz', nullable: true })
  reversedAt!: Date | null;

  @Column({ name: 'reversal_reason', type: 'text', nullable: true })
  reversalReason!: string | null;
}
