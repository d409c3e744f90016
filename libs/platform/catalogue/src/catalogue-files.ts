import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import YAML from 'yaml';

import { serviceDefinitionSchema, type ServiceDefinition } from '@city/contracts';

export interface CatalogueProblem {
  file: string;
  field: string;
  reason: string;
}

export type CatalogueLoad =
  { ok: true; services: ServiceDefinition[] } | { ok: false; problems: CatalogueProblem[] };

/** LGSL id and interaction pairs of the national service list (catalogue/reference/lgsl-services.csv). */
export function readLgslReference(csvPath: string): Set<string> {
  const [, ...rows] = readFileSync(csvPath, 'utf8').trim().split(/\r?\n/);
  return new Set(
    rows.map((r) => r.split(',')).map(([lgsl, , lgil, interaction]) => `${lgsl}/${lgil}/${interaction}`),
  );
}

/**
 * Checks one service definition as an administrator or a file gives it: the contracts' schema, and
 * an LGSL service and interaction that the national list has. Every problem, with its field.
 */
/** The languages every text a citizen sees must be in: the city's (the catalogue's and the messages'). */
export const CITY_LANGUAGES = ['en', 'nl', 'sv'] as const;

/**
 * Every text of a service a citizen sees (its name, description, promise, each question, its hint and
 * each answer's name) that lacks one of the languages: the field, and the languages missing.
 */
export function missingTranslations(
  s: ServiceDefinition,
  languages: readonly string[] = CITY_LANGUAGES,
): Array<{ field: string; reason: string }> {
  const out: Array<{ field: string; reason: string }> = [];
  const check = (field: string, text: Record<string, string> | undefined) => {
    if (!text) return;
    const missing = languages.filter((l) => !text[l]?.trim());
    if (missing.length)
      out.push({
        field,
        reason: `no ${missing.join(', ')} text (every text is needed in ${languages.join(', ')})`,
      });
  };
  check('name', s.name);
  check('description', s.description);
  check('sla.promise', s.sla.promise);
  for (const a of s.attributes) {
    check(`attributes.${a.code}.description`, a.description);
    check(`attributes.${a.code}.datatypeDescription`, a.datatypeDescription);
    for (const v of a.values ?? []) check(`attributes.${a.code}.values.${v.key}.name`, v.name);
  }
  return out;
}

export function checkService(
  doc: unknown,
  lgsl: Set<string>,
  languages: readonly string[] = CITY_LANGUAGES,
):
  | { ok: true; service: ServiceDefinition }
  | { ok: false; problems: Array<{ field: string; reason: string }> } {
  const parsed = serviceDefinitionSchema.safeParse(doc);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', reason: i.message })),
    };
  const s = parsed.data;
  if (!lgsl.has(`${s.lgslId}/${s.lgilId}/${s.interaction}`)) {
    return {
      ok: false,
      problems: [
        {
          field: 'lgslId',
          reason: `LGSL ${s.lgslId} with LGIL ${s.lgilId} (${s.interaction}) is not in the national list`,
        },
      ],
    };
  }
  // Every text a citizen sees, in every language the city speaks: the catalogue says which are missing.
  const untranslated = missingTranslations(s, languages);
  if (untranslated.length) return { ok: false, problems: untranslated };
  return { ok: true, service: s };
}

/**
 * Loads and validates every `*.yaml` in a folder: each must match the contracts' schema, be named
 * after its code, and name an LGSL service and interaction that the national list has.
 * All-or-nothing: one bad file and nothing is returned, with every problem listed.
 */
export function loadCatalogue(dir: string, lgsl: Set<string>): CatalogueLoad {
  const problems: CatalogueProblem[] = [];
  const services: ServiceDefinition[] = [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  for (const f of files) {
    const file = join(dir, f);
    let doc: unknown;
    try {
      doc = YAML.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      problems.push({
        file: f,
        field: '(file)',
        reason: `not valid YAML: ${(e as Error).message.split('\n')[0]}`,
      });
      continue;
    }
    const checked = checkService(doc, lgsl);
    if (!checked.ok) {
      problems.push(...checked.problems.map((p) => ({ file: f, ...p })));
      if (checked.problems.some((p) => p.field !== 'lgslId')) continue;
    }
    const s = checked.ok ? checked.service : serviceDefinitionSchema.parse(doc);
    if (basename(f).replace(/\.ya?ml$/, '') !== s.code)
      problems.push({ file: f, field: 'code', reason: `file must be named ${s.code}.yaml` });
    services.push(s);
  }
  const seen = new Map<string, string>();
  for (const [i, s] of services.entries()) {
    const other = seen.get(s.code);
    if (other)
      problems.push({ file: files[i], field: 'code', reason: `code ${s.code} also used by ${other}` });
    seen.set(s.code, files[i]);
  }
  return problems.length ? { ok: false, problems } : { ok: true, services };
}

export const formatProblems = (problems: CatalogueProblem[]): string =>
  problems.map((p) => `  ${p.file}: ${p.field}: ${p.reason}`).join('\n');

/** JSON with keys in one order (jsonb keeps its own), for comparing a file with what is stored. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}
