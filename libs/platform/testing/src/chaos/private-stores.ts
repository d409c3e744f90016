import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A PostgreSQL server of a chaos run's own (initdb into a temporary folder, its own port), so that
 * restarting it takes nobody else's database away (Keycloak's stays on the shared one). It runs as
 * the `postgres` user when this process is root (PostgreSQL refuses root), else as this user.
 */
export class PrivatePostgres {
  private readonly dir = mkdtempSync(join(tmpdir(), 'chaos-pg-'));
  private readonly bin = PrivatePostgres.binaries();

  constructor(readonly port: number) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/chaos`;
  }

  /** The newest installed server's programs (Debian keeps them in /usr/lib/postgresql/<version>/bin). */
  static binaries(): string {
    const root = '/usr/lib/postgresql';
    const versions = existsSync(root)
      ? readdirSync(root)
          .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
          .sort((a, b) => Number(b) - Number(a))
      : [];
    if (!versions.length)
      throw new Error(
        'the chaos run starts a PostgreSQL of its own: install the server (apt-get install postgresql)',
      );
    return join(root, versions[0], 'bin');
  }

  private run(program: string, args: string[]): void {
    const asRoot = process.getuid?.() === 0;
    const [cmd, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(this.bin, program), ...args]]
      : [join(this.bin, program), args];
    execFileSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], cwd: tmpdir() });
  }

  async start(): Promise<void> {
    if (process.getuid?.() === 0) {
      const pg = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
      const group = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
      chownSync(this.dir, pg, group);
    }
    this.run('initdb', [
      '-D',
      join(this.dir, 'data'),
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    await this.up();
    const c = new Client({ connectionString: this.url.replace(/\/chaos$/, '/postgres') });
    await c.connect();
    await c.query('CREATE DATABASE chaos');
    await c.end();
  }

  private async up(): Promise<void> {
    this.run('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'postgres.log'),
      '-w',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=300`,
      'start',
    ]);
  }

  /** Stops the server the way a crash does (immediate: no checkpoint, recovery on start) and starts it again. */
  async restart(downMs: number): Promise<void> {
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    await sleep(downMs);
    await this.up();
  }

  async stop(): Promise<void> {
    try {
      this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A Redis of a chaos run's own (nothing on disk, as the shared one), so that flushing it loses nobody else's keys. */
export class PrivateRedis {
  private process: ChildProcess | null = null;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const p = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    this.process = p;
    let failed: Error | null = null;
    p.once('error', (e) => (failed = e));
    for (let i = 0; i < 50 && !failed; i++) {
      if (this.ping()) return;
      await sleep(100);
    }
    await this.stop();
    throw new Error(`redis-server did not answer on port ${this.port} (apt-get install redis-server)`);
  }

  private ping(): boolean {
    try {
      return execFileSync('redis-cli', ['-p', String(this.port), 'ping'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).includes('PONG');
    } catch {
      return false;
    }
  }

  /** Everything Redis held is gone (FLUSHALL): idempotency keys, rate limits, every queued job and timer. */
  flush(): void {
    execFileSync('redis-cli', ['-p', String(this.port), 'flushall'], { stdio: 'ignore' });
  }

  async stop(): Promise<void> {
    const p = this.process;
    if (!p || p.exitCode !== null || p.signalCode !== null || p.pid === undefined) return;
    await new Promise<void>((r) => {
      p.once('exit', () => r());
      p.kill('SIGKILL');
    });
  }
}
