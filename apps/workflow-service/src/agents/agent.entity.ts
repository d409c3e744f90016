import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An agent's or clerk's work profile: the queues they work, their skills and languages, how many items they may hold. */
@Entity({ name: 'agents' })
export class Agent {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text', array: true })
  queues!: string[];

  @Column({ type: 'text', array: true })
  skills!: string[];

  @Column({ type: 'int' })
  capacity!: number;

  /** When they last reported being signed in (the console does, while open); null until they first do. */
  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;
}
