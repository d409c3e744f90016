import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The project brings its own Node (the pinned devDependency `node`); these check that the tests, and
// every npm script, run on it rather than on the machine's own Node.
const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
  engines: { node: string };
};

describe('the project runs on its own Node', () => {
  it('is pinned to a supported LTS line (24) and engines says so', () => {
    expect(pkg.devDependencies.node).toMatch(/^24\.\d+\.\d+$/);
    expect(pkg.engines.node).toMatch(/^>=24\./);
  });

  it('runs these tests on the pinned Node', () => {
    expect(process.version).toBe(`v${pkg.devDependencies.node}`);
  });

  it('puts the pinned Node first in every npm script', () => {
    const printed = execFileSync('npm', ['exec', '--', 'node', '--version'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PATH: `/usr/bin:/bin:${process.env.PATH}` },
    }).trim();
    expect(printed).toBe(`v${pkg.devDependencies.node}`);
  });

  it('ships the same Node in the images', () => {
    const docker = ['deploy/Dockerfile', 'deploy/web.Dockerfile']
      .map((f) => readFileSync(join(root, f), 'utf8'))
      .join('\n');
    const bases = [...docker.matchAll(/^FROM node:(\S+)/gm)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const b of bases)
      expect(b).toMatch(new RegExp(`^${pkg.devDependencies.node.replace(/\./g, '\\.')}-`));
  });
});
