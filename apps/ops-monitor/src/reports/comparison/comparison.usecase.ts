import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@city/contracts';
import { APP_CONFIG, CityProfiles, servedCities } from '@city/platform-config';
import type { OpsConfig } from '../../config';
import { SelfAssessmentUseCase } from '../self-assessment/assess/self-assessment.usecase';
import { StandardOfServiceUseCase } from '../standard-of-service/standard-of-service.usecase';
import { compareCities, type CityComparison } from './comparison';

/**
 * The cities that agreed to compare (city.yaml `compare: true`), side by side by the national
 * service list, for a city that agreed too: a city that shares nothing sees nothing of the others'.
 */
@Injectable()
export class ComparisonUseCase {
  constructor(
    private readonly assessment: SelfAssessmentUseCase,
    private readonly standard: StandardOfServiceUseCase,
    private readonly profiles: CityProfiles,
    @Inject(APP_CONFIG) private readonly config: Pick<OpsConfig, 'TENANT_ID' | 'CITIES'>,
  ) {}

  async execute(tenantId: string, p: { from: Date; to: Date }): Promise<CityComparison> {
    if (!this.profiles.of(tenantId).compare)
      throw DomainError.forbidden(
        'comparison.not-sharing',
        'Your city does not share its figures with the other cities, so it sees none of theirs.',
        [{ field: 'city', reason: 'its city.yaml does not say compare: true' }],
      );
    const comparing = servedCities(this.config).filter((c) => this.profiles.of(c).compare);
    const reports = await Promise.all(
      comparing.map(async (city) => ({
        city,
        name: this.profiles.of(city).name,
        assessment: await this.assessment.execute(city, p),
        // A shared case once, for the city whose case it is (as the self-assessment counts).
        standard: await this.standard.execute(city, { ...p, ownCasesOnly: true }),
      })),
    );
    return compareCities(reports, { from: p.from.toISOString(), to: p.to.toISOString() });
  }
}
