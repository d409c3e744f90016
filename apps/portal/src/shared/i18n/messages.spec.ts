import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every text the portal shows is in each language's catalogue: the three catalogues (the portal's,
 * the web kit's and the request form's) have the same keys in English, Dutch and Swedish, none
 * empty, with the same {{placeholders}}; and every key the code names literally is in them.
 */
const ROOT = join(__dirname, '../../../../..');
const CATALOGUES = [
  'apps/portal/src/shared/i18n/locales',
  'libs/web/kit/src/locales',
  'libs/web/request-form/src/locales',
  'apps/portal/src/features/kiosk/locales',
];
const LANGUAGES = ['en', 'nl', 'sv'] as const;

type Tree = { [k: string]: string | Tree };
const flatten = (t: Tree, prefix = ''): Record<string, string> =>
  Object.entries(t).reduce<Record<string, string>>(
    (out, [k, v]) =>
      typeof v === 'string' ? { ...out, [`${prefix}${k}`]: v } : { ...out, ...flatten(v, `${prefix}${k}.`) },
    {},
  );
const read = (dir: string, l: string) =>
  flatten(JSON.parse(readFileSync(join(ROOT, dir, `${l}.json`), 'utf8')) as Tree);
const placeholders = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(f) && !/\.spec\.ts$/.test(f) ? [p] : [];
  });
}

describe("the portal's texts", () => {
  it.each(CATALOGUES)('%s: the same keys in every language, none empty, the same placeholders', (dir) => {
    const en = read(dir, 'en');
    for (const l of LANGUAGES.filter((x) => x !== 'en')) {
      const other = read(dir, l);
      expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
      for (const [k, v] of Object.entries(other)) {
        expect(v.trim()).not.toBe('');
        expect([k, placeholders(v)]).toEqual([k, placeholders(en[k])]);
      }
    }
  });

  it('every key the code names is in the English catalogue (plural keys by their _one/_other forms)', () => {
    const en = Object.assign({}, ...CATALOGUES.map((d) => read(d, 'en'))) as Record<string, string>;
    const code = ['apps/portal/src', 'libs/web/kit/src', 'libs/web/request-form/src']
      .flatMap((d) => sources(join(ROOT, d)))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const named = [...code.matchAll(/\bt\(\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(40);
    const missing = [...new Set(named)].filter(
      (k) => !(k in en) && !(`${k}_one` in en && `${k}_other` in en),
    );
    expect(missing).toEqual([]);
  });
});
