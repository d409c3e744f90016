// Just enough of a Dockerfile reader to check the images without building them: its stages, each with
// its instructions (continuation lines joined, comments dropped).

export interface Instruction {
  op: string;
  args: string;
}

export interface Stage {
  /** The image or earlier stage it starts from, as written (build arguments left unexpanded). */
  from: string;
  /** `AS <name>`, when the stage has one. */
  name?: string;
  instructions: Instruction[];
}

export function dockerfileStages(text: string): Stage[] {
  const lines = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op, args] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (!op) throw new Error(`not an instruction: ${line}`);
    if (op.toUpperCase() === 'FROM') {
      const [, from, name] = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ from, name, instructions: [] });
    } else {
      if (stages.length === 0 && op.toUpperCase() !== 'ARG') throw new Error(`${op} before FROM`);
      stages[stages.length - 1]?.instructions.push({ op: op.toUpperCase(), args: args.replace(/\s+/g, ' ') });
    }
  }
  return stages;
}

/**
 * An image named with a version: `name:tag` with a digit in the tag, or a digest; never `latest`,
 * never a bare name (which means latest), never a tag left to a variable.
 */
export function imagePinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  // Our own images: the release's version, given by CITY_VERSION with the package's version as default.
  if (/^[a-z0-9./-]+:\$\{CITY_VERSION:-\d+\.\d+\.\d+\}$/.test(image)) return true;
  const m = /^(?:[^/]+\/)*[^/:]+:([^/:]+)$/.exec(image);
  if (!m) return false;
  const tag = m[1];
  return !/\$|latest/i.test(tag) && /\d/.test(tag);
}
