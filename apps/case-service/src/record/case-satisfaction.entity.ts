import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { SatisfactionVia } from '@city/contracts';

/**
 * A citizen's answer to "How satisfied are you with how we handled your request?": one per case, the
 * latest (an answer changed within the answer window replaces the one before; each is on the
 * case's timeline and out as SatisfactionRecorded).
 */
@Entity({ name: 'case_satisfaction' })
@Check('case_satisfaction_score', '"score" BETWEEN 1 AND 5')
export class CaseSatisfaction {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  /** 1 (very dissatisfied) to 5 (very satisfied). */
  @Column({ type: 'smallint' })
  score!: number;

  /** How it came: the emailed link, a text reply, or the request's page in the portal. */
  @Column({ type: 'text' })
  via!: SatisfactionVia;

  @Column({ name: 'answered_at', type: 'timestamptz' })
  answeredAt!: Date;
}
