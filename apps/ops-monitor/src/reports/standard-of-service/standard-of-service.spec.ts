import { standardOfService, type ServiceChannelCounts } from './standard-of-service';

const counts = (channel: string | null, o: Partial<ServiceChannelCounts>): ServiceChannelCounts => ({
  serviceCode: 'missed-bin',
  lgslId: 524,
  channel,
  volume: 0,
  firstResponseP50Hours: null,
  firstResponseP90Hours: null,
  resolutionP50Hours: null,
  resolutionP90Hours: null,
  resolvedWithTarget: 0,
  resolvedWithinSla: 0,
  finished: 0,
  reopened: 0,
  duplicates: 0,
  satisfactionAnswers: 0,
  satisfactionSum: 0,
  ...o,
});
const period = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', margin: 10, minCases: 5 };

describe('the standard-of-service report', () => {
  const web = counts('web', {
    volume: 40,
    resolvedWithTarget: 40,
    resolvedWithinSla: 36,
    finished: 40,
    reopened: 2,
    satisfactionAnswers: 20,
    satisfactionSum: 84,
    resolutionP50Hours: 20,
  });
  const phone = counts('phone', {
    volume: 20,
    resolvedWithTarget: 20,
    resolvedWithinSla: 12,
    finished: 20,
    reopened: 1,
    satisfactionAnswers: 10,
    satisfactionSum: 28,
    resolutionP50Hours: 40,
  });
  const all = counts(null, {
    volume: 60,
    resolvedWithTarget: 60,
    resolvedWithinSla: 48,
    finished: 60,
    reopened: 3,
    satisfactionAnswers: 30,
    satisfactionSum: 112,
    resolutionP50Hours: 24,
  });

  it('flags the channel that does worse than the others by more than the margin, in sentences', () => {
    const r = standardOfService([web, phone, all], period);
    expect(r.findings.map((f) => [f.channel, f.measure, f.channelValue, f.othersValue])).toEqual([
      ['phone', 'within-sla', 60, 90],
      ['phone', 'satisfaction', 2.8, 4.2],
      ['phone', 'resolution-time', 40, 24],
    ]);
    expect(r.findings[0].sentence).toBe(
      'missed-bin: requests made by phone were resolved within the service level 60 % of the time, against 90 % on the other channels.',
    );
    expect(r.summary).toContain('1 service and channel pairs do worse');
    expect(r.services[0].all).toMatchObject({
      volume: 60,
      withinSlaPercent: 80,
      reopenPercent: 5,
      satisfactionMean: 3.73,
    });
  });

  it('says one standard when no gap passes the margin, and leaves out channels with too few cases', () => {
    const fine = counts('phone', {
      volume: 20,
      resolvedWithTarget: 20,
      resolvedWithinSla: 17,
      finished: 20,
      resolutionP50Hours: 21,
    });
    const few = counts('kiosk', { volume: 3, resolvedWithTarget: 3, resolvedWithinSla: 0, finished: 3 });
    const total = counts(null, {
      volume: 63,
      resolvedWithTarget: 63,
      resolvedWithinSla: 53,
      finished: 63,
      reopened: 2,
      resolutionP50Hours: 20.5,
    });
    const r = standardOfService([web, fine, few, total], period);
    expect(r.findings).toEqual([]);
    expect(r.summary).toMatch(/^One standard on every channel/);
  });
});
