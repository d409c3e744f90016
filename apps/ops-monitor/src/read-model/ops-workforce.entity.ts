import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An agent or clerk as their newest presence report left them: signed in until `signed_in_until`. */
@Entity({ name: 'ops_agents' })
export class OpsAgent {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ name: 'agent_id', type: 'text' })
  agentId!: string;

  @Column({ type: 'text', array: true })
  queues!: string[];

  @Column({ type: 'int' })
  capacity!: number;

  @Column({ name: 'seen_at', type: 'timestamptz' })
  seenAt!: Date;

  @Column({ name: 'signed_in_until', type: 'timestamptz' })
  signedInUntil!: Date;
}

/**
 * A town-hall counter ticket as its newest fact left it (no contact of the citizen: the facts do not
 * carry one). Ended tickets are kept two days, for the day's figures and a margin.
 */
@Entity({ name: 'ops_counter_tickets' })
@Index('ops_counter_tickets_office', ['tenantId', 'office', 'queue'])
export class OpsCounterTicket {
  @PrimaryColumn({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  ticket!: string;

  @Column({ type: 'text' })
  office!: string;

  @Column({ type: 'text' })
  queue!: string;

  /** The city's local date the number belongs to. */
  @Column({ type: 'date' })
  day!: string;

  @Column({ name: 'service_code', type: 'text', nullable: true })
  serviceCode!: string | null;

  @Column({ type: 'text' })
  state!: string;

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

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;

  @Column({ name: 'estimated_wait_minutes', type: 'int', nullable: true })
  estimatedWaitMinutes!: number | null;
}
