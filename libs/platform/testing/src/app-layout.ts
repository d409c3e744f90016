import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The TypeScript files under a folder (specs included), as paths. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const isSpec = (path: string) => /\.(int-)?spec\.ts$/.test(path);
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

/** The relative imports of a file, resolved to files. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    if (!spec?.startsWith('.')) continue;
    const base = resolve(dirname(file), spec);
    const candidates = [`${base}.ts`, join(base, 'index.ts'), base];
    const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
    if (found) out.push(found);
  }
  return out;
}

/** The feature folder (first folder under src) a file belongs to, or null for a file at the root of src. */
const featureOf = (src: string, file: string): string | null => {
  const parts = relative(src, file).split(sep);
  return parts.length > 1 ? parts[0] : null;
};

export interface AppLayout {
  /** Feature folders that import each other round a loop, each loop as its folders. */
  folderCycles: string[][];
  /** Which feature folder imports which (production code only), for the report. */
  folderImports: Record<string, string[]>;
  /** Controllers and consumers that reach the database themselves (TypeORM's DataSource, EntityManager or a repository). */
  edgesOnTheDatabase: string[];
  /** Use cases without a unit test beside them. */
  useCasesWithoutSpec: string[];
  /** Use cases that throw HTTP errors instead of domain errors. */
  useCasesThrowingHttp: string[];
}

/**
 * The shape of an app's service layer, read from its files: the rules of the service layer
 * (docs/architecture.md) that each app's `layout.spec.ts` holds it to.
 */
export function appLayout(src: string): AppLayout {
  const files = sources(src).filter((f) => !isSpec(f));
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const from = featureOf(src, file);
    if (!from || from === 'migrations') continue;
    for (const target of relativeImports(file)) {
      const to = featureOf(src, target);
      if (!to || to === from || to === 'migrations') continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  const edgeFile = /\.(http|kafka)\.(controller|consumer)\.ts$/;
  const onDatabase = /from\s+'(typeorm|@nestjs\/typeorm)'/;
  const useCases = files.filter((f) => f.endsWith('.usecase.ts'));
  return {
    folderCycles: stronglyConnected(graph).filter((c) => c.length > 1),
    folderImports: Object.fromEntries([...graph].map(([k, v]) => [k, [...v].sort()]).sort()),
    edgesOnTheDatabase: files
      .filter((f) => edgeFile.test(f) && onDatabase.test(readFileSync(f, 'utf8')))
      .map((f) => relative(src, f)),
    useCasesWithoutSpec: useCases
      .filter((f) => !existsSync(f.replace(/\.ts$/, '.spec.ts')))
      .map((f) => relative(src, f)),
    useCasesThrowingHttp: useCases
      .filter((f) => /ApiError|HttpException|@nestjs\/common'.*Exception/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(src, f)),
  };
}

/** Tarjan's strongly connected components of a small graph. */
function stronglyConnected(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const nodes = new Set([...graph.keys(), ...[...graph.values()].flatMap((s) => [...s])]);
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      out.push(component.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!index.has(v)) visit(v);
  return out;
}

/**
 * The rules of the service layer as an app's spec (`src/layout.spec.ts`):
 * `describeServiceLayer('the case-service', __dirname)`.
 */
export function describeServiceLayer(app: string, src: string): void {
  describe(`the service layer of ${app}`, () => {
    const layout = appLayout(src);
    it('has no loops between feature folders', () => expect(layout.folderCycles).toEqual([]));
    it('keeps TypeORM out of controllers and consumers', () => expect(layout.edgesOnTheDatabase).toEqual([]));
    it('has a unit test beside every use case', () => expect(layout.useCasesWithoutSpec).toEqual([]));
    it('throws domain errors, not HTTP errors, from use cases', () =>
      expect(layout.useCasesThrowingHttp).toEqual([]));
  });
}
