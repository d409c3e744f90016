import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../../shared/api/client';

/** One of the ops-monitor's reports, for the question asked (`query`, without `format`). */
export function useReport<T>(report: string, query: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['report', report, query],
    queryFn: () => api.get<T>('ops', `/api/v1/reports/${report}?${query}`),
    retry: false,
  });
}

export const csvPath = (report: string, query: string) => `/api/v1/reports/${report}?${query}&format=csv`;

/** Channels in the order the city lists them, then any other the figures name. */
const ORDER = ['web', 'phone', 'kiosk', 'counter'];
export const channelsOf = (...records: Array<Record<string, unknown>>): string[] =>
  [...new Set(records.flatMap((r) => Object.keys(r)))].sort(
    (a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
