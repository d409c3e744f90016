import { spawn } from 'node:child_process';

/** A runnable example of the README: a ```bash readme-test block, with what it must print. */
export interface ReadmeExample {
  /** 1-based line of the opening fence in README.md. */
  line: number;
  /** The heading the block stands under, for the test's name. */
  section: string;
  script: string;
  /** The `#> ...` lines: each must appear in what the block prints; `...` stands for anything. */
  expected: string[];
}

const FENCE = /^```bash readme-test\s*$/;

/** The README's runnable examples, in the order a reader meets them. */
export function readmeExamples(markdown: string): ReadmeExample[] {
  const lines = markdown.split('\n');
  const examples: ReadmeExample[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    if (/^#{1,4} /.test(lines[i])) section = lines[i].replace(/^#+ /, '');
    if (!FENCE.test(lines[i])) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
    if (i === lines.length) throw new Error(`README.md:${start + 1}: the block is not closed`);
    examples.push({
      line: start + 1,
      section,
      script: body.join('\n'),
      expected: body.filter((l) => l.startsWith('#> ')).map((l) => l.slice(3).trim()),
    });
  }
  return examples;
}

/** The bash blocks that talk to the running system (its ports) but are not marked to be run. */
export function unmarkedSystemBlocks(markdown: string): number[] {
  const lines = markdown.split('\n');
  const found: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(bash|sh|shell)\s*$/.test(lines[i])) continue;
    const start = i;
    let talks = false;
    for (i++; i < lines.length && !lines[i].startsWith('```'); i++)
      talks ||= /(localhost|127\.0\.0\.1):(300[0-3]|309[01]|8080)\b/.test(lines[i]);
    if (talks) found.push(start + 1);
  }
  return found;
}

/** A `#>` line as a pattern: literal text, `...` standing for anything on the line. */
export const expectedPattern = (line: string) =>
  new RegExp(
    line
      .split('...')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*?'),
  );

/**
 * Runs one example with bash, as a reader pasting the blocks into one terminal would: strict
 * (`set -euo pipefail`), in the repository (for `npm run -s token`), with the shell variables the
 * earlier blocks set (kept in `stateFile` between blocks).
 */
export function runExample(
  example: ReadmeExample,
  o: { cwd: string; stateFile: string; timeoutMs: number },
): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  const wrapped = [
    'set -euo pipefail',
    `__base=" $(compgen -v | tr '\\n' ' ') "`,
    `if [ -f "$README_STATE" ]; then source "$README_STATE"; fi`,
    example.script,
    // What the block defined, for the blocks after it (bash's own and read-only variables aside).
    'for __v in $(compgen -v); do',
    '  case "$__base" in *" $__v "*) continue ;; esac',
    '  [[ $__v == __* ]] && continue',
    '  __d=$(declare -p "$__v")',
    '  [[ $__d =~ ^declare\\ -[a-zA-Z]*r ]] && continue',
    '  printf "%s\\n" "$__d"',
    'done > "$README_STATE.next"',
    'mv "$README_STATE.next" "$README_STATE"',
  ].join('\n');
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', wrapped], {
      cwd: o.cwd,
      env: { ...process.env, README_STATE: o.stateFile },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a block that hangs is stopped with everything it started.
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, o.timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}
