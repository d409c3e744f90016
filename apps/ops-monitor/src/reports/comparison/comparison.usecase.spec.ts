import { CityProfiles, type CityProfile } from '@city/platform-config';
import type { SelfAssessmentUseCase } from '../self-assessment/assess/self-assessment.usecase';
import type { StandardOfServiceUseCase } from '../standard-of-service/standard-of-service.usecase';
import { ComparisonUseCase } from './comparison.usecase';

const period = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
const profile = (city: string, compare: boolean): CityProfile => ({
  city,
  name: `The city of ${city}`,
  jurisdiction: city,
  languages: ['en'],
  compare,
});

describe('ComparisonUseCase', () => {
  const asked: string[] = [];
  const standardsAsked: Array<{ city: string; ownCasesOnly?: boolean }> = [];
  const reportsOf = (city: string) => {
    asked.push(city);
    return {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      rows: [],
      services: [],
      findings: [],
      counts: {},
      summary: '',
      margin: 10,
      minCases: 5,
    };
  };
  const useCase = new ComparisonUseCase(
    { execute: async (city: string) => reportsOf(city) } as unknown as SelfAssessmentUseCase,
    {
      execute: async (city: string, p: { ownCasesOnly?: boolean }) => {
        standardsAsked.push({ city, ownCasesOnly: p.ownCasesOnly });
        return reportsOf(city);
      },
    } as unknown as StandardOfServiceUseCase,
    CityProfiles.of(['a', 'private', 'b'].map((city) => profile(city, city !== 'private'))),
    { TENANT_ID: 'a', CITIES: ['a', 'private', 'b'] },
  );
  beforeEach(() => {
    asked.length = 0;
    standardsAsked.length = 0;
  });

  it('reads the reports of every city that agreed to compare, and of no other, for a city that agreed', async () => {
    const c = await useCase.execute('b', period);
    expect(c.cities).toEqual([
      { city: 'a', name: 'The city of a' },
      { city: 'b', name: 'The city of b' },
    ]);
    expect([...new Set(asked)].sort()).toEqual(['a', 'b']);
    // A case one city works for another counts once, for the city whose case it is.
    expect(standardsAsked).toEqual([
      { city: 'a', ownCasesOnly: true },
      { city: 'b', ownCasesOnly: true },
    ]);
  });

  it("refuses a city that shares nothing, reading nobody's reports", async () => {
    await expect(useCase.execute('private', period)).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'comparison.not-sharing',
      fields: [{ field: 'city' }],
    });
    expect(asked).toEqual([]);
  });
});
