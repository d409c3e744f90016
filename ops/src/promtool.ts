import { spawnSync } from 'node:child_process';

export interface PromtoolResult {
  status: number | null;
  /** What it wrote, stdout and stderr together. */
  output: string;
}

/**
 * Runs Debian's promtool (installed with Prometheus by `tools/infra up`), failing with a clear message
 * when it is missing rather than with a spawn error.
 */
export function promtool(args: string[], cwd?: string): PromtoolResult {
  const bin = process.env.PROMTOOL ?? 'promtool';
  const r = spawnSync(bin, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error)
    throw new Error(
      `promtool could not be run (${r.error.message}): \`tools/infra up\` installs Debian's prometheus, ` +
        'which brings it (or set PROMTOOL to its path)',
    );
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
