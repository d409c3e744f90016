import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DomainError, type CityConfiguration, type OnboardCityRequest } from '@city/contracts';
import { APP_CONFIG, citiesDir, cityFolders, CityProfiles, servedCities } from '@city/platform-config';
import { Outbox, Transaction } from '@city/platform-database';
import { KAFKA_LOGGER } from '@city/platform-kafka';
import { LGSL_REFERENCE } from '../../catalogue/catalogue-events';
import { CLOCK, type Clock } from '../../clock';
import type { WorkflowConfig } from '../../config';
import type { RoutingBook } from '../../routing/routing-book';
import { ROUTING_BOOK } from '../../routing/routing.tokens';
import { workflowIdsIn } from '../../workflows/workflow-of-service';
import { checkCity } from '../check-city';
import { cityConfigured } from '../city-events';
import { OnboardedCity } from '../onboarded-city.entity';
import { OnboardedCityRepository } from '../onboarded-city.repository';

/** The most a city's configuration may take (Kafka's default bound on a message is about 1 MB). */
const MAX_CONFIGURATION_BYTES = 900_000;

export interface OnboardCity {
  request: OnboardCityRequest;
  /** The administrator onboarding it. */
  by: string;
}

/**
 * An administrator of the deployment onboards a city through the API (docs/multi-tenancy.md): checked
 * as the command checks one (`checkCity`), against every city there is (served, with a folder, or
 * onboarded before, on any replica) and the served cities' sharing; stored, and published through
 * the outbox on the compacted city topic, which every service reads at its start. Nothing is stored
 * when anything is wrong, and every problem is said at once, each by its field.
 */
@Injectable()
export class OnboardCityUseCase {
  constructor(
    private readonly tx: Transaction,
    private readonly cities: OnboardedCityRepository,
    private readonly outbox: Outbox,
    private readonly profiles: CityProfiles,
    @Inject(ROUTING_BOOK) private readonly routing: RoutingBook,
    @Inject(LGSL_REFERENCE) private readonly lgsl: Set<string>,
    @Inject(APP_CONFIG) private readonly config: WorkflowConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {}

  execute({ request: r, by }: OnboardCity): Promise<CityConfiguration> {
    return this.tx.run(async () => {
      // One onboarding at a time across the replicas: ids and jurisdictions are checked, then taken.
      await this.tx.lock(['cities/onboarding']);
      const onboarded = await this.cities.list();
      const served = servedCities(this.config);
      const folders = cityFolders(citiesDir(this.config));
      const jurisdictions = new Map([
        ...folders.profiles.map((p) => [p.jurisdiction, p.city] as const),
        ...this.profiles.all().map((p) => [p.jurisdiction, p.city] as const),
        ...onboarded.map((c) => [c.jurisdiction, c.city] as const),
      ]);
      const checked = checkCity(
        {
          ...r,
          services: r.services.map((doc, i) => ({ from: `services.${i}`, doc })),
          routing: r.routing,
        },
        {
          lgsl: this.lgsl,
          cities: new Set([...served, ...folders.cities, ...onboarded.map((c) => c.city)]),
          jurisdictions,
          workflows: workflowIdsIn(this.config.WORKFLOWS_DIR),
          served: { cities: served, routingOf: (city) => this.routing.of(city) },
        },
      );
      if (!checked.ok) {
        const taken = checked.problems.find((p) => p.field === 'city' && /a city already/.test(p.reason));
        if (taken && checked.problems.length === 1)
          throw DomainError.conflict('city.exists', `${r.city} is a city of this deployment already.`, [
            taken,
          ]);
        throw DomainError.invalid('city.invalid', 'That city cannot be onboarded.', checked.problems);
      }
      const configuration: CityConfiguration = {
        city: r.city,
        profile: checked.profile,
        services: checked.services,
        routing: r.routing,
        onboardedBy: by,
        onboardedAt: this.clock.now().toISOString(),
      };
      // One message on the city topic, under the broker's bound with room to spare.
      if (Buffer.byteLength(JSON.stringify(configuration)) > MAX_CONFIGURATION_BYTES)
        throw DomainError.tooLarge('city.too-large', 'That city is too large to onboard in one piece.', [
          { field: 'services', reason: `the city's configuration is over ${MAX_CONFIGURATION_BYTES} bytes` },
        ]);
      await this.cities.add(
        Object.assign(new OnboardedCity(), {
          city: r.city,
          name: r.name.trim(),
          jurisdiction: r.jurisdiction ?? r.city,
          configuration,
          onboardedBy: by,
          onboardedAt: new Date(configuration.onboardedAt),
        }),
      );
      await this.outbox.enqueue([cityConfigured(configuration)]);
      this.logger.info({ city: r.city, services: checked.services.length, by }, 'city onboarded');
      return configuration;
    });
  }
}
