import type { StatusTime, ProcessReview } from '@city/contracts';
export type { StatusTime, ProcessReview } from '@city/contracts';

const STATUS_WORDS: Record<string, string> = {
  received: 'waiting to be looked at',
  open: 'open in a queue',
  'in-progress': 'being worked on',
  'waiting-for-citizen': 'waiting for the citizen',
  resolved: 'resolved, waiting to close',
};

/**
 * Where each service's process waits: the time its cases spent in each status (the workflow's steps
 * as the case record shows them), and the step that takes the largest share, in a sentence.
 */
export function processReview(times: StatusTime[], o: { from: string; to: string }): ProcessReview {
  const byService = new Map<string, StatusTime[]>();
  for (const t of times) byService.set(t.serviceCode, [...(byService.get(t.serviceCode) ?? []), t]);
  return {
    ...o,
    services: [...byService.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([serviceCode, steps]) => {
        // Resolved is time the citizen may still reopen in, not work: left out of "where it waits".
        const working = steps.filter((s) => s.status !== 'resolved' && s.status !== 'closed');
        const total = working.reduce((n, s) => n + s.totalHours, 0);
        const top = [...working].sort((a, b) => b.totalHours - a.totalHours)[0];
        const longest =
          top && total > 0
            ? { status: top.status, sharePercent: Math.round((1000 * top.totalHours) / total) / 10 }
            : null;
        return {
          serviceCode,
          steps: [...steps].sort((a, b) => b.totalHours - a.totalHours),
          longest,
          sentence:
            longest && top.p50Hours !== null
              ? `${serviceCode}: ${longest.sharePercent} % of the time its cases spend before they are resolved is ${STATUS_WORDS[top.status] ?? top.status} (median ${top.p50Hours} hours).`
              : null,
        };
      }),
  };
}
