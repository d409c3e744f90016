import type { AssessmentRow, SelfAssessment, ServiceReport, StandardOfServiceReport } from '@city/contracts';
import { compareCities } from './comparison';

const period = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };

const row = (lgslId: number, services: string[], o: Partial<AssessmentRow> = {}): AssessmentRow => ({
  lgslId,
  lgslName: `lgsl-${lgslId}`,
  services,
  channels: { web: true, phone: true, kiosk: false, counter: false },
  online: { ambition: true, offered: true, verdict: 'met' },
  digitalTakeUp: { ambitionPercent: 60, percent: 50, verdict: 'not-met' },
  withinSla: { ambitionPercent: 90, percent: 95, verdict: 'met' },
  requests: 20,
  ...o,
});
const assessment = (rows: AssessmentRow[]): SelfAssessment => ({
  ...period,
  rows,
  counts: {} as SelfAssessment['counts'],
  summary: '',
});
const figures = (volume: number, resolutionP50Hours: number, satisfactionMean: number | null) => ({
  channel: null,
  volume,
  firstResponseP50Hours: null,
  firstResponseP90Hours: null,
  resolutionP50Hours,
  resolutionP90Hours: null,
  withinSlaPercent: null,
  reopenPercent: null,
  duplicatePercent: null,
  satisfactionMean,
  satisfactionAnswers: 0,
});
const service = (
  serviceCode: string,
  lgslId: number,
  volume: number,
  p50: number,
  findings = 0,
): ServiceReport => ({
  serviceCode,
  lgslId,
  all: figures(volume, p50, 4),
  channels: [],
  findings: Array.from({ length: findings }, () => ({
    serviceCode,
    channel: 'phone',
    measure: 'within-sla' as const,
    channelValue: 1,
    othersValue: 2,
    sentence: '',
  })),
});
const standard = (services: ServiceReport[]): StandardOfServiceReport => ({
  ...period,
  margin: 10,
  minCases: 5,
  services,
  findings: [],
  summary: '',
});

describe('cities compared by the national service list', () => {
  it("puts each city's figures side by side for every LGSL id any offers, null where one does not", () => {
    const c = compareCities(
      [
        {
          city: 'default',
          name: 'Rotterdam',
          assessment: assessment([row(557, ['pothole']), row(524, ['missed-bin'], { requests: 40 })]),
          standard: standard([service('pothole', 557, 20, 30, 1), service('missed-bin', 524, 40, 20)]),
        },
        {
          city: 'other-city',
          name: 'Göteborg',
          assessment: assessment([
            row(557, ['pothole'], {
              withinSla: { ambitionPercent: null, percent: 70, verdict: 'no-ambition' },
            }),
          ]),
          standard: standard([service('pothole', 557, 12, 80)]),
        },
      ],
      period,
    );
    expect(c.cities).toEqual([
      { city: 'default', name: 'Rotterdam' },
      { city: 'other-city', name: 'Göteborg' },
    ]);
    expect(c.rows.map((r) => r.lgslId)).toEqual([524, 557]);
    const potholes = c.rows.find((r) => r.lgslId === 557)!;
    expect(potholes.cities.default).toMatchObject({
      withinSlaPercent: 95,
      resolutionP50Hours: 30,
      channelFindings: 1,
    });
    expect(potholes.cities['other-city']).toMatchObject({
      withinSlaPercent: 70,
      resolutionP50Hours: 80,
      requests: 20,
    });
    expect(c.rows.find((r) => r.lgslId === 524)!.cities['other-city']).toBeNull();
  });

  it('takes the busiest service where a city has several under one id, and counts the findings of all', () => {
    const c = compareCities(
      [
        {
          city: 'default',
          name: 'Rotterdam',
          assessment: assessment([row(524, ['missed-bin', 'bulky-waste'])]),
          standard: standard([service('bulky-waste', 524, 5, 100, 1), service('missed-bin', 524, 50, 12, 2)]),
        },
      ],
      period,
    );
    expect(c.rows[0].cities.default).toMatchObject({ resolutionP50Hours: 12, channelFindings: 3 });
  });
});
