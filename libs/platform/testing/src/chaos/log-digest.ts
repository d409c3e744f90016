import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** pino's levels, as the services write them (names) or as numbers. */
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/**
 * What each service logged at warning and above (the services log no personal data): each kind of
 * line (its message, consumer group and error) counted, with when it came first and last, and the
 * last errors whole. A line that is not JSON (a crash's stack on stderr) counts as an error.
 */
export function logDigest(dir: string): string[] {
  const lines: string[] = [];
  for (const file of readdirSync(dir).sort()) {
    const kinds = new Map<string, { n: number; first: string; last: string }>();
    const errors: string[] = [];
    for (const raw of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!raw.trim()) continue;
      let entry: {
        level?: number | string;
        time?: number | string;
        msg?: string;
        groupId?: string;
        err?: unknown;
      };
      try {
        entry = JSON.parse(raw);
      } catch {
        entry = { level: 'error', msg: raw.slice(0, 200) };
      }
      const level = typeof entry.level === 'number' ? entry.level : (LEVELS[entry.level ?? ''] ?? 50);
      if (level < 40) continue;
      const at = entry.time ? new Date(entry.time).toISOString().slice(11, 19) : '';
      const err =
        typeof entry.err === 'string' ? entry.err : (entry.err as { message?: string } | undefined)?.message;
      const kind = [
        level >= 50 ? 'error' : 'warn',
        entry.msg ?? '(no msg)',
        entry.groupId ? `[${entry.groupId}]` : '',
        err ? `(${err.slice(0, 120)})` : '',
      ]
        .filter(Boolean)
        .join(' ');
      const seen = kinds.get(kind) ?? { n: 0, first: at, last: at };
      seen.n++;
      seen.last = at;
      kinds.set(kind, seen);
      if (level >= 50) errors.push(raw.slice(0, 400));
    }
    lines.push(`log of ${file.replace(/\.log$/, '')}:${kinds.size === 0 ? ' no warning or error' : ''}`);
    for (const [kind, k] of kinds) lines.push(`  ${k.n} x ${kind} (${k.first}..${k.last})`);
    for (const e of errors.slice(-5)) lines.push(`  last error: ${e}`);
  }
  return lines;
}
