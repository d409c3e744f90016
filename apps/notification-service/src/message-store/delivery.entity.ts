import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Language, MessageMedium } from '@city/contracts';

export type DeliveryOutcome = 'sent' | 'opted-out' | 'undeliverable';

/**
 * One message to one citizen on one medium, as it was sent (or why it was not). The portal inbox is
 * the citizen's `portal` deliveries. Written once, after the mail server or provider took the
 * message; its id is name-based (notification, citizen, medium), so a retried round skips what went.
 */
@Entity({ name: 'deliveries' })
@Index('deliveries_citizen', ['citizenId', 'at'])
@Index('deliveries_case', ['tenantId', 'reference', 'at'])
// A reply to a text is matched to the latest text sent to its number (the satisfaction question's "reply 1 to 5").
@Index('deliveries_sms_to', ['tenantId', 'address', 'at'], { where: `"medium" = 'sms'` })
export class Delivery {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'notification_id', type: 'uuid' })
  notificationId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  reference!: string;

  @Column({ name: 'citizen_id', type: 'uuid' })
  citizenId!: string;

  @Column({ type: 'text' })
  medium!: MessageMedium;

  /** The email address or phone number; null for the portal inbox. */
  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ type: 'text' })
  template!: string;

  @Column({ type: 'text' })
  language!: Language;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'text' })
  outcome!: DeliveryOutcome;

  /** What the mail server or provider said when it refused. */
  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @Column({ name: 'provider_message_id', type: 'text', nullable: true })
  providerMessageId!: string | null;

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
