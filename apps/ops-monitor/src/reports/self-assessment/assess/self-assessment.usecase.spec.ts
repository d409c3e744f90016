import { ReportRepository } from '../../report.repository';
import { AmbitionsRepository, OfferedServices } from '../ambitions.repository';
import type { Achieved, Ambition } from '../self-assessment';
import { SelfAssessmentUseCase } from './self-assessment.usecase';

class Achievements extends ReportRepository {
  constructor(private readonly rows: Achieved[]) {
    super();
  }
  async achievedByLgsl() {
    return this.rows;
  }
  async serviceChannelCounts() {
    return [];
  }
  async channelVolumes() {
    return [];
  }
  async demand() {
    return [];
  }
  async statusTimes() {
    return [];
  }
}
class Ambitions extends AmbitionsRepository {
  constructor(private readonly rows: Ambition[]) {
    super();
  }
  async list() {
    return this.rows;
  }
  async replace(): Promise<void> {
    throw new Error('the self-assessment only reads ambitions');
  }
}
class Catalogue extends OfferedServices {
  list() {
    return [
      { code: 'missed-bin', lgslId: 524, channels: ['web' as const, 'phone' as const] },
      { code: 'bin-collection-day', lgslId: 524, channels: ['kiosk' as const] },
      { code: 'blue-badge', lgslId: 279, channels: ['counter' as const] },
    ];
  }
}

describe('SelfAssessmentUseCase', () => {
  it('puts each LGSL service’s ambitions (its own, else the city’s) beside its channels and results', async () => {
    const r = await new SelfAssessmentUseCase(
      new Achievements([
        { lgslId: 524, requests: 100, web: 80, resolvedWithTarget: 90, resolvedWithinSla: 72 },
        { lgslId: 279, requests: 10, web: 0, resolvedWithTarget: 0, resolvedWithinSla: 0 },
      ]),
      new Ambitions([
        { lgslId: null, offerOnline: true, digitalTakeUpPercent: 60, withinSlaPercent: 90 },
        { lgslId: 524, offerOnline: null, digitalTakeUpPercent: 75, withinSlaPercent: null },
        { lgslId: 557, offerOnline: true, digitalTakeUpPercent: null, withinSlaPercent: 95 },
      ]),
      new Catalogue(),
      new Map([
        [524, 'household-waste-collection'],
        [279, 'disabled-people-parking-permits'],
      ]),
    ).execute('default', { from: new Date('2026-11-01'), to: new Date('2026-12-01') });
    expect(r.rows.map((x) => x.lgslId)).toEqual([279, 524, 557]);
    const bins = r.rows.find((x) => x.lgslId === 524)!;
    expect(bins).toMatchObject({
      lgslName: 'household-waste-collection',
      services: ['bin-collection-day', 'missed-bin'],
      channels: { web: true, phone: true, kiosk: true, counter: false },
      online: { ambition: true, offered: true, verdict: 'met' },
      digitalTakeUp: { ambitionPercent: 75, percent: 80, verdict: 'met' },
      withinSla: { ambitionPercent: 90, percent: 80, verdict: 'not-met' },
    });
    const badge = r.rows.find((x) => x.lgslId === 279)!;
    expect(badge.online).toEqual({ ambition: true, offered: false, verdict: 'not-met' });
    expect(badge.withinSla.verdict).toBe('no-data');
    // An ambition for a service the city does not offer yet: it shows, with no channel.
    expect(r.rows.find((x) => x.lgslId === 557)).toMatchObject({
      services: [],
      online: { verdict: 'not-met' },
      requests: 0,
    });
    expect(r.counts.online).toEqual({ met: 1, 'not-met': 2, 'no-data': 0, 'no-ambition': 0 });
    expect(r.summary).toBe(
      'Of 3 services on the national list: 1 offered online as intended (2 not yet); digital take-up on target for 1, below it for 1; resolved within the service level as aimed for 0, below it for 1; 2 without resolved requests in the period.',
    );
  });
});
