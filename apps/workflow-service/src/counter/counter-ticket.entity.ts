import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type TicketState = 'waiting' | 'called' | 'done' | 'no-show';

/** A citizen's ticket at a town-hall counter: numbered per queue and day (A001), called by a clerk. */
@Entity({ name: 'counter_tickets' })
@Index('counter_tickets_waiting', ['tenantId', 'office', 'queue', 'issuedAt'], {
  where: `"state" = 'waiting'`,
})
@Index('counter_tickets_number', ['tenantId', 'office', 'day', 'display'], { unique: true })
export class CounterTicket {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  office!: string;

  @Column({ type: 'text' })
  queue!: string;

  /** The local date the number belongs to (numbers start again each day). */
  @Column({ type: 'text' })
  day!: string;

  /** What the screen shows: the queue's letter and the number, e.g. A001. */
  @Column({ type: 'text' })
  display!: string;

  @Column({ name: 'service_code', type: 'text', nullable: true })
  serviceCode!: string | null;

  @Column({ type: 'text' })
  state!: TicketState;

  @Column({ type: 'jsonb', nullable: true })
  contact!: { email: string | null; phone: string | null } | null;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ name: 'called_at', type: 'timestamptz', nullable: true })
  calledAt!: Date | null;

  @Column({ name: 'clerk_id', type: 'text', nullable: true })
  clerkId!: string | null;

  @Column({ type: 'text', nullable: true })
  counter!: string | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'case_reference', type: 'text', nullable: true })
  caseReference!: string | null;
}
