import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expectedPattern, readmeExamples, runExample, unmarkedSystemBlocks } from './readme-examples';
import { startReadmeSystem, type ReadmeSystem } from './readme-system';

const ROOT = resolve(__dirname, '../../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const examples = readmeExamples(README);

/**
 * The README's examples, run as written (the ```bash readme-test blocks, in order, by bash, in one
 * "terminal" whose variables carry from block to block) against the system started as `npm run up`
 * starts it, on the README's ports: a block must exit 0 and print every `#>` line it shows. An
 * example that drifts from the system fails here.
 */
describe("the README's examples, against the running system", () => {
  let system: ReadmeSystem | undefined;
  let state: string;
  let failed: string | null = null;

  beforeAll(async () => {
    for (const tool of ['curl', 'jq', 'openssl'])
      try {
        execFileSync('bash', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      } catch {
        throw new Error(`The README's examples need ${tool}, which is not installed here.`);
      }
    state = join(mkdtempSync(join(tmpdir(), 'readme-')), 'state.sh');
    system = await startReadmeSystem();
  }, 240_000);

  afterAll(async () => {
    await system?.stop();
    if (state) rmSync(resolve(state, '..'), { recursive: true, force: true });
  }, 60_000);

  it('marks every example that talks to the system as one to run, and has them', () => {
    expect(unmarkedSystemBlocks(README)).toEqual([]);
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(examples.map((e) => [`README.md:${e.line} (${e.section})`, e] as const))(
    '%s',
    async (name, example) => {
      if (failed) throw new Error(`not run: an earlier example failed (${failed})`);
      const run = await runExample(example, { cwd: ROOT, stateFile: state, timeoutMs: 90_000 });
      const shown = `--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
      try {
        if (run.timedOut) throw new Error(`${name} did not finish within 90 s\n${shown}`);
        if (run.code !== 0) throw new Error(`${name} exited with ${run.code}\n${shown}`);
        const missing = example.expected.filter((line) => !expectedPattern(line).test(run.stdout));
        if (missing.length > 0)
          throw new Error(
            `${name} did not print what the README shows:\n${missing.map((l) => `#> ${l}`).join('\n')}\n${shown}`,
          );
      } catch (e) {
        failed = name;
        throw e;
      }
    },
    120_000,
  );
});
