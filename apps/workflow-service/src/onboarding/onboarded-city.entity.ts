import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CityConfiguration } from '@city/contracts';

/**
 * A city onboarded through the admin API (docs/multi-tenancy.md): its configuration as checked and
 * published on the city topic, which every service reads at its start. The row is what makes an id
 * and a jurisdiction taken once, whichever replica took the request.
 */
@Entity({ name: 'onboarded_cities' })
@Index('onboarded_cities_jurisdiction', ['jurisdiction'], { unique: true })
export class OnboardedCity {
  @PrimaryColumn({ type: 'text' })
  city!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Its Open311 jurisdiction (its id when its profile names none): one city's only. */
  @Column({ type: 'text' })
  jurisdiction!: string;

  /** Its profile, services and routing file, and who onboarded it when: the city topic's value. */
  @Column({ type: 'jsonb' })
  configuration!: CityConfiguration;

  @Column({ name: 'onboarded_by', type: 'text' })
  onboardedBy!: string;

  @Column({ name: 'onboarded_at', type: 'timestamptz' })
  onboardedAt!: Date;
}
