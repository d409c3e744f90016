import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Channel, MessageMedium } from '@city/contracts';

export type InteractionKind =
  | 'web-submission'
  | 'open311-submission'
  | 'phone-call'
  | 'kiosk-session'
  | 'counter-visit'
  | 'outbound-message'
  | 'preferences-change';

/** One contact with a citizen on any channel, and the cases it concerned. */
@Entity({ name: 'interactions' })
@Index('interactions_party', ['partyId', 'occurredAt'])
export class Interaction {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'party_id', type: 'uuid', nullable: true })
  partyId!: string | null;

  /** Where it happened: one of the four channels, or for messages the medium (email, sms, portal). */
  @Column({ type: 'text' })
  channel!: Channel | MessageMedium;

  @Column({ type: 'text' })
  direction!: 'inbound' | 'outbound';

  @Column({ type: 'text' })
  kind!: InteractionKind;

  /** Who handled it: an agent, a clerk, a kiosk device or a client app. */
  @Column({ name: 'handled_by', type: 'text', nullable: true })
  handledBy!: string | null;

  @Column({ name: 'handler_kind', type: 'text', nullable: true })
  handlerKind!: 'agent' | 'clerk' | 'device' | 'client-app' | 'citizen' | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ name: 'case_ids', type: 'uuid', array: true })
  caseIds!: string[];

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;
}
