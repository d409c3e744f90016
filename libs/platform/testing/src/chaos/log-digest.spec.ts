import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logDigest } from './log-digest';

describe('logDigest', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'digest-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('counts each kind of warning and error per service, leaves info out, and keeps the last errors', () => {
    const line = (o: object) => JSON.stringify(o);
    writeFileSync(
      join(dir, 'case-service.log'),
      [
        line({ level: 'info', time: '2026-12-03T13:22:00.000Z', msg: 'catalogue loaded' }),
        line({
          level: 'warn',
          time: '2026-12-03T13:22:20.761Z',
          msg: 'consumer not running',
          groupId: 'g',
          err: 'lost',
        }),
        line({
          level: 'warn',
          time: '2026-12-03T13:22:25.000Z',
          msg: 'consumer not running',
          groupId: 'g',
          err: 'lost',
        }),
        line({
          level: 50,
          time: 1_796_300_000_000,
          msg: 'consumer failed; it restarts',
          err: { message: 'boom' },
        }),
        'TypeError: something at stderr',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'ops-monitor.log'), line({ level: 'info', msg: 'quiet' }) + '\n');

    const digest = logDigest(dir);

    expect(digest[0]).toBe('log of case-service:');
    expect(digest).toContain('  2 x warn consumer not running [g] (lost) (13:22:20..13:22:25)');
    expect(digest.some((l) => l.startsWith('  1 x error consumer failed; it restarts (boom)'))).toBe(true);
    expect(digest.some((l) => l.startsWith('  1 x error TypeError: something at stderr'))).toBe(true);
    expect(digest.filter((l) => l.startsWith('  last error:'))).toHaveLength(2);
    expect(digest.join('\n')).not.toContain('catalogue loaded');
    expect(digest).toContain('log of ops-monitor: no warning or error');
  });
});
