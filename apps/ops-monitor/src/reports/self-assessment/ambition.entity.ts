import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the city means to achieve for one service of the national list (`lgsl_id` 0: every service). */
@Entity({ name: 'ops_ambitions' })
export class AmbitionRecord {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ name: 'lgsl_id', type: 'int' })
  lgslId!: number;

  @Column({ name: 'offer_online', type: 'boolean', nullable: true })
  offerOnline!: boolean | null;

  @Column({ name: 'digital_take_up_percent', type: 'real', nullable: true })
  digitalTakeUpPercent!: number | null;

  @Column({ name: 'within_sla_percent', type: 'real', nullable: true })
  withinSlaPercent!: number | null;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
