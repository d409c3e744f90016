import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { roomyRateLimits } from './rate-limit-settings';

const ROOT = resolve(__dirname, '../../../..');

export interface RunningApp {
  name: string;
  url: string;
  process: ChildProcess;
  /** SIGKILL: no shutdown hooks, no drain, as a crash would. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** What the app wrote to stdout and stderr so far (its log), when started with captureOutput; else empty. */
  output(): string;
}

export interface StartAppOptions {
  /** Keep what the app writes (its JSON log on stdout, and stderr), for tests that read the log as an operator would. */
  captureOutput?: boolean;
  /**
   * Run the built app (dist/apps/<name>/main.js, as production does; buildApps makes it) instead of
   * its source: it starts in a second, not ten. Unset: built when TEST_APPS=built (tools/test builds
   * the services once and sets it, so a run of a hundred starts does not transpile them a hundred
   * times), else from source (a developer's run sees their change without a build).
   */
  built?: boolean;
  /** How long it may take to be ready (60 s). */
  readyWithinMs?: number;
  /** Appends what the app writes (stdout and stderr) to this file, for a run read after the fact (the chaos run's). */
  logFile?: string;
}

/** Builds the apps (Nx: taken from its cache when nothing changed), for startApp's `built`. */
export function buildApps(names: readonly string[]): void {
  execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', ...names, '--outputStyle=static'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false' },
  });
}

/**
 * Starts an app from its source as its own process, as `npm run up` does with the built one, and waits until it is ready.
 * Its rate limits are out of the way (roomyRateLimits) unless `env` sets RATE_LIMITS.
 */
export async function startApp(
  name: string,
  /** 0: a port the system says is free now (no two test runs or suites pick the same one). */
  port: number,
  env: Record<string, string>,
  options: StartAppOptions = {},
): Promise<RunningApp> {
  if (port === 0) port = await freePort();
  const built = options.built ?? process.env.TEST_APPS === 'built';
  const entry = built ? [`dist/apps/${name}/main.js`] : ['tools/run-ts.js', `apps/${name}/src/main.ts`];
  const child = spawn('node', entry, {
    cwd: ROOT,
    env: {
      ...process.env,
      ...roomyRateLimits(),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const captured: string[] = [];
  const logFile = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : null;
  if (logFile) child.once('exit', () => logFile.end());
  // Until it is ready, its log is kept for the error that says why it never was.
  const starting: string[] = [];
  let collecting = true;
  child.stdout?.on('data', (d: Buffer) => {
    if (options.captureOutput) captured.push(d.toString());
    logFile?.write(d);
    if (collecting && starting.length < 2_000) starting.push(d.toString());
    if (process.env.TEST_LOG_LEVEL) process.stdout.write(d);
  });
  child.stderr?.on('data', (d: Buffer) => {
    if (options.captureOutput) captured.push(d.toString());
    logFile?.write(d);
    if (collecting && starting.length < 2_000) starting.push(d.toString());
    process.stderr.write(d);
  });
  const startLog = () => `; its log while starting:\n${starting.join('').split('\n').slice(-40).join('\n')}`;
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const readyWithin = options.readyWithinMs ?? 60_000;
  const deadline = Date.now() + readyWithin;
  for (;;) {
    const r = await fetch(`${url}/health/ready`).catch(() => null);
    if (r?.status === 200) {
      collecting = false;
      starting.length = 0;
      break;
    }
    if (child.exitCode !== null)
      throw new Error(`${name} exited with ${child.exitCode} while starting${startLog()}`);
    if (Date.now() > deadline) {
      const answer = r ? await r.text() : 'no answer';
      child.kill('SIGKILL');
      throw new Error(`${name} not ready within ${readyWithin / 1000} s: ${answer}${startLog()}`);
    }
    await new Promise((res) => setTimeout(res, 200));
  }
  const signal = async (s: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(s);
    await exited;
  };
  return {
    name,
    url,
    process: child,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    output: () => captured.join(''),
  };
}

/** A TCP port on 127.0.0.1 that nothing listens on now (the system picks it, then it is let go). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
