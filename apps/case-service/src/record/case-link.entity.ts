import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type CaseLinkKind = 'duplicate-of' | 'related-to';

/** A link between two cases: this one duplicates, or relates to, another. */
@Entity({ name: 'case_links' })
@Index('case_links_to', ['toCaseId'])
export class CaseLink {
  @PrimaryColumn({ name: 'from_case_id', type: 'uuid' })
  fromCaseId!: string;

  @PrimaryColumn({ name: 'to_case_id', type: 'uuid' })
  toCaseId!: string;

  @Column({ type: 'text' })
  kind!: CaseLinkKind;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * A citizen who hears about a case's progress: its reporter, those whose reports it absorbed, and
 * those who chose to follow it instead of reporting it again.
 */
@Entity({ name: 'case_subscriptions' })
@Index('case_subscriptions_party', ['partyId'])
export class CaseSubscription {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @PrimaryColumn({ name: 'party_id', type: 'uuid' })
  partyId!: string;

  @Column({ type: 'text' })
  reason!: 'reporter' | 'duplicate-reporter' | 'follower';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
