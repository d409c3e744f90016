import { ReportRepository } from '../report.repository';
import type { ChannelVolume, ContactCosts } from './channel-shift';
import { ChannelShiftUseCase } from './channel-shift.usecase';

class Volumes extends ReportRepository {
  constructor(private readonly rows: ChannelVolume[]) {
    super();
  }
  async channelVolumes() {
    return this.rows;
  }
  async serviceChannelCounts() {
    return [];
  }
  async demand() {
    return [];
  }
  async statusTimes() {
    return [];
  }
  async achievedByLgsl() {
    return [];
  }
}

const costs: ContactCosts = { currency: 'EUR', perContact: { web: 0.5, kiosk: 2, phone: 6, counter: 12 } };
const v = (serviceCode: string, period: string, channel: string, requests: number): ChannelVolume => ({
  serviceCode,
  period,
  channel,
  requests,
});

describe('ChannelShiftUseCase', () => {
  const useCase = new ChannelShiftUseCase(
    new Volumes([
      v('missed-bin', '2026-10-01', 'web', 60),
      v('missed-bin', '2026-10-01', 'phone', 40),
      v('missed-bin', '2026-11-01', 'web', 80),
      v('missed-bin', '2026-11-01', 'phone', 20),
      v('pothole', '2026-11-01', 'counter', 10),
    ]),
    () => costs,
  );
  const period = { from: new Date('2026-10-01'), to: new Date('2026-12-01'), interval: 'month' as const };

  it('gives each service its requests by channel per month, its shares and what contact cost', async () => {
    const r = await useCase.execute('default', period);
    const bins = r.services.find((s) => s.serviceCode === 'missed-bin')!;
    expect(bins.periods).toEqual([
      { period: '2026-10-01', byChannel: { web: 60, phone: 40 } },
      { period: '2026-11-01', byChannel: { web: 80, phone: 20 } },
    ]);
    expect(bins.sharePercent).toEqual({ web: 70, phone: 30 });
    expect(bins.cost).toBe(140 * 0.5 + 60 * 6);
    expect(r.cost).toBe(430 + 120);
    expect(r.shift).toBeNull();
  });

  it('works out the saving of moving a share of one channel to another, for one service or all', async () => {
    const one = await useCase.execute('default', {
      ...period,
      shift: { from: 'phone', to: 'web', percent: 50, serviceCode: 'missed-bin' },
    });
    expect(one.shift).toMatchObject({ moved: 30, saving: 30 * 5.5, costAfter: 550 - 165 });
    expect(one.shift!.sentence).toBe(
      'Moving 50 % of missed-bin requests from phone to web (30 in the period) would have saved EUR 165.00, 30 % of what contact cost.',
    );
    const dearer = await useCase.execute('default', {
      ...period,
      shift: { from: 'web', to: 'counter', percent: 10 },
    });
    expect(dearer.shift).toMatchObject({ moved: 14, saving: -14 * 11.5 });
    expect(dearer.shift!.sentence).toContain('would have cost EUR 161.00 more');
  });
});
