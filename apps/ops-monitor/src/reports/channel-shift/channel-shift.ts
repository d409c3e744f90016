import type { Channel } from '@city/contracts';
import type { ProposedShift, ChannelShiftReport } from '@city/contracts';
export type { ProposedShift, ChannelShiftReport } from '@city/contracts';

/** What one contact costs on each channel, as the city configures it. */
export interface ContactCosts {
  currency: string;
  perContact: Record<Channel, number>;
}

/** Requests of a service on a channel in one period bucket (a week or a month). */
export interface ChannelVolume {
  serviceCode: string;
  period: string;
  channel: string;
  requests: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const costOf = (byChannel: Record<string, number>, costs: ContactCosts) =>
  Object.entries(byChannel).reduce((sum, [ch, n]) => sum + n * (costs.perContact[ch as Channel] ?? 0), 0);

/** Each service's requests by channel over time, their cost per channel, and the saving of a proposed shift. */
export function channelShift(
  volumes: ChannelVolume[],
  costs: ContactCosts,
  o: { from: string; to: string; interval: 'week' | 'month'; shift?: ProposedShift },
): ChannelShiftReport {
  const byService = new Map<string, ChannelVolume[]>();
  for (const v of volumes) byService.set(v.serviceCode, [...(byService.get(v.serviceCode) ?? []), v]);
  const totals: Record<string, number> = {};
  const services = [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([serviceCode, rows]) => {
      const periods = new Map<string, Record<string, number>>();
      const serviceTotals: Record<string, number> = {};
      for (const r of rows) {
        const p = periods.get(r.period) ?? {};
        p[r.channel] = (p[r.channel] ?? 0) + r.requests;
        periods.set(r.period, p);
        serviceTotals[r.channel] = (serviceTotals[r.channel] ?? 0) + r.requests;
        totals[r.channel] = (totals[r.channel] ?? 0) + r.requests;
      }
      const all = Object.values(serviceTotals).reduce((a, b) => a + b, 0);
      return {
        serviceCode,
        periods: [...periods.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([period, byChannel]) => ({ period, byChannel })),
        totals: serviceTotals,
        sharePercent: Object.fromEntries(
          Object.entries(serviceTotals).map(([ch, n]) => [ch, Math.round((1000 * n) / all) / 10]),
        ),
        cost: round2(costOf(serviceTotals, costs)),
      };
    });
  const cost = round2(costOf(totals, costs));
  let shift: ChannelShiftReport['shift'] = null;
  if (o.shift) {
    const s = o.shift;
    const affected = s.serviceCode ? services.filter((x) => x.serviceCode === s.serviceCode) : services;
    const moved = Math.round(affected.reduce((n, x) => n + (x.totals[s.from] ?? 0), 0) * (s.percent / 100));
    const saving = round2(moved * ((costs.perContact[s.from] ?? 0) - (costs.perContact[s.to] ?? 0)));
    const scope = s.serviceCode ? `${s.serviceCode} requests` : 'requests';
    shift = {
      ...s,
      moved,
      costAfter: round2(cost - saving),
      saving,
      sentence:
        saving >= 0
          ? `Moving ${s.percent} % of ${scope} from ${s.from} to ${s.to} (${moved} in the period) would have saved ${costs.currency} ${saving.toFixed(2)}, ${cost === 0 ? 0 : Math.round((1000 * saving) / cost) / 10} % of what contact cost.`
          : `Moving ${s.percent} % of ${scope} from ${s.from} to ${s.to} (${moved} in the period) would have cost ${costs.currency} ${(-saving).toFixed(2)} more.`,
    };
  }
  return {
    from: o.from,
    to: o.to,
    interval: o.interval,
    currency: costs.currency,
    perContact: costs.perContact,
    services,
    totals,
    cost,
    shift,
  };
}
