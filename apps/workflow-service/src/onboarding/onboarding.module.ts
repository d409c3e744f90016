import { Module } from '@nestjs/common';
import { readLgslReference } from '@city/platform-catalogue';
import { APP_CONFIG } from '@city/platform-config';
import { LGSL_REFERENCE } from '../catalogue/catalogue-events';
import type { WorkflowConfig } from '../config';
import { CitiesOnKafka } from './cities-on-kafka';
import { ListCitiesUseCase } from './list-cities/list-cities.usecase';
import { OnboardCityUseCase } from './onboard-city/onboard-city.usecase';
import { OnboardedCityRepository } from './onboarded-city.repository';
import { OnboardingHttpController } from './onboarding.http.controller';
import { TypeormOnboardedCityRepository } from './typeorm-onboarded-city.repository';

/** Onboarding a city through the admin API, and the deployment's cities as its administrators see them. */
@Module({
  controllers: [OnboardingHttpController],
  providers: [
    { provide: OnboardedCityRepository, useClass: TypeormOnboardedCityRepository },
    {
      provide: LGSL_REFERENCE,
      useFactory: (config: WorkflowConfig) => readLgslReference(config.LGSL_FILE),
      inject: [APP_CONFIG],
    },
    OnboardCityUseCase,
    ListCitiesUseCase,
    CitiesOnKafka,
  ],
})
export class OnboardingModule {}
