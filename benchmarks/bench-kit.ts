// What the benchmarks share: starting the built apps, waiting for them, percentiles.
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Pool } from 'pg';
import { cleanupKafka, roomyRateLimits } from '@city/platform-testing';

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
export const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Builds the apps that are not built yet. */
export function build(...apps: string[]): void {
  for (const app of apps) {
    if (!existsSync(`dist/apps/${app}/main.js`)) execSync(`npx nx run ${app}:build --outputStyle=static`, { stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  }
}

/** Starts a built app; BENCH_PROFILE=1 writes its CPU profile into tmp/profiles. */
export function start(app: string, port: number, env: Record<string, string>): ChildProcess {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=tmp/profiles`, `--cpu-prof-name=${app}.cpuprofile`] : [];
  return spawn('node', [...profile, `dist/apps/${app}/main.js`], { env: { ...process.env, ...roomyRateLimits(), ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production' }, stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function ready(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await fetch(`${url}/health/ready`).catch(() => null))?.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready`);
}

export const stop = (p: ChildProcess) => new Promise<void>((r) => (p.exitCode !== null ? r() : (p.once('exit', () => r()), p.kill('SIGTERM'))));

/** Removes what a bench made: its schemas and topics; then closes its pool. */
export async function cleanUp(pool: Pool, topicPrefix: string, brokers: string[], ...schemas: string[]): Promise<void> {
  for (const s of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await pool.end();
  await cleanupKafka(topicPrefix, brokers);
}

/** Runs a bench's main and exits: 0 when it printed its figures, 1 with the error otherwise. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
