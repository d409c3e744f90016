import { Injectable, OnModuleInit } from '@nestjs/common';
import { Outbox, Transaction } from '@city/platform-database';
import { cityConfigured } from './city-events';
import { OnboardedCityRepository } from './onboarded-city.repository';

/**
 * Postgres keeps the cities onboarded; the city topic is how every service reads them. At start the
 * workflow-service publishes each again (through the outbox, as the catalogue's owner does), so a
 * Kafka rebuilt without the topic gets them back; a compacted topic keeps one copy of each. The
 * services that started meanwhile serve them from their next start.
 */
@Injectable()
export class CitiesOnKafka implements OnModuleInit {
  constructor(
    private readonly tx: Transaction,
    private readonly cities: OnboardedCityRepository,
    private readonly outbox: Outbox,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.tx.run(async () => {
      const rows = await this.cities.list();
      if (rows.length > 0) await this.outbox.enqueue(rows.map((r) => cityConfigured(r.configuration)));
    });
  }
}
