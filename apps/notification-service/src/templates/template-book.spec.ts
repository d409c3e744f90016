import { mkdtempSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { SMS_MAX, TemplateBook, type MessageFacts } from './template-book';

const root = join(__dirname, '../../../..');
const dir = join(root, 'catalogue/templates');
const book = TemplateBook.load(dir);
const facts: MessageFacts = {
  reference: 'AB12-CD34-EFG',
  service: 'Gat in de weg',
  firstName: 'Anna',
  optOutUrl: 'https://city.example/api/v1/opt-out/t0k',
  surveyUrl: 'https://my.city.example/survey/AB12-CD34-EFG.s1gn3d',
  original: 'ZX98-YW76-VUT',
  note: '',
  reason: '',
};

describe("the city's message templates", () => {
  it("every template a workflow names exists, in English, Dutch and Swedish, and so do the case record's own", () => {
    const named = readdirSync(join(root, 'catalogue/workflows'))
      .map(
        (f) =>
          YAML.parse(readFileSync(join(root, 'catalogue/workflows', f), 'utf8')) as {
            steps: Array<{ template?: string }>;
          },
      )
      .flatMap((w) => w.steps.map((s) => s.template).filter((t): t is string => !!t));
    const own = [
      'duplicate-linked',
      'case-update',
      'case-closed',
      'not-our-responsibility',
      'satisfaction-survey',
    ];
    for (const id of new Set([...named, ...own])) {
      expect(book.has(id)).toBe(true);
      expect(book.languagesOf(id).sort()).toEqual(['en', 'nl', 'sv']);
    }
  });

  it("renders in the citizen's language with the reference, the greeting and the opt-out link; English when not translated", () => {
    const nl = book.render('report-received', 'nl', facts);
    expect(nl.language).toBe('nl');
    expect(nl.subject).toBe('Wij hebben uw melding AB12-CD34-EFG ontvangen: Gat in de weg');
    expect(nl.text).toMatch(/^Beste Anna,\n\n/);
    expect(nl.text).toContain('https://city.example/api/v1/opt-out/t0k');
    expect(nl.sms).toContain('AB12-CD34-EFG');
    expect(nl.sms).toMatch(/Antwoord STOP/);
    const sv = book.render('duplicate-linked', 'sv', { ...facts, firstName: '' });
    expect(sv.text).toMatch(/^Hej,\n\n/);
    expect(sv.text).toContain('ZX98-YW76-VUT');
    const de = book.render('report-received', 'de', facts);
    expect(de.language).toBe('en');
    expect(de.subject).toBe('We have your report AB12-CD34-EFG: Gat in de weg');
  });

  it('the satisfaction question: the signed link by email, "reply 1 to 5" by text, in the citizen\'s language, asked of the reporter only', () => {
    expect(book.audienceOf('satisfaction-survey')).toBe('reporter');
    const en = book.render('satisfaction-survey', 'en', facts);
    expect(en.text).toContain(
      'How satisfied are you with how we handled your request AB12-CD34-EFG (Gat in de weg)? Please choose from 1 (very dissatisfied) to 5 (very satisfied):\n\nhttps://my.city.example/survey/AB12-CD34-EFG.s1gn3d\n\n',
    );
    expect(en.sms).toBe(
      'City: how satisfied are you with how we handled AB12-CD34-EFG? Reply with a number from 1 (very dissatisfied) to 5 (very satisfied). Reply STOP to stop updates.',
    );
    const nl = book.render('satisfaction-survey', 'nl', facts);
    expect(nl.text).toContain('1 (zeer ontevreden) tot 5 (zeer tevreden)');
    expect(nl.text).toContain('https://my.city.example/survey/AB12-CD34-EFG.s1gn3d');
    expect(book.render('satisfaction-survey', 'sv', facts).sms).toMatch(
      /^Kommunen: hur nöjd .* 1 \(mycket missnöjd\) till 5 \(mycket nöjd\)/,
    );
    for (const lang of ['en', 'nl', 'sv'] as const)
      expect(book.render('satisfaction-survey', lang, facts).sms.length).toBeLessThanOrEqual(160 * 2);
  });

  it('a reason is said once, with one full stop; a long note is cut to three text-message segments', () => {
    expect(
      book.render('case-closed', 'en', { ...facts, reason: 'No document received after a reminder.' }).text,
    ).toContain('(Gat in de weg). No document received after a reminder. If you');
    expect(book.render('case-closed', 'en', facts).text).toContain('(Gat in de weg). If you');
    const long = book.render('case-update', 'en', { ...facts, note: 'x'.repeat(2000) });
    expect(long.sms.length).toBeLessThanOrEqual(SMS_MAX);
    expect(long.sms).toMatch(/… Reply STOP/);
    expect(long.text).toContain('x'.repeat(2000));
  });

  it("a city's own templates stand in for the deployment's of the same name; the rest are the deployment's", () => {
    // The demo's second city brings its layout alone (its signature): cities/other-city/templates.
    const goteborg = TemplateBook.load(dir, join(root, 'cities/other-city/templates'));
    const sv = goteborg.render('report-received', 'sv', facts);
    expect(sv.text).toContain('Göteborgs Stad');
    expect(sv.text).not.toContain('Rotterdam');
    expect(sv.subject).toBe(book.render('report-received', 'sv', facts).subject);
    const rotterdam = TemplateBook.load(
      dir,
      join(root, 'cities/default/templates'),
      'Gemeente Rotterdam (demo)',
    );
    expect(rotterdam.render('report-received', 'sv', facts).text).toContain('Rotterdams kommun');
  });

  it('a city that brings no layout of its own signs with its name, as its profile says it', () => {
    const malmo = TemplateBook.load(dir, undefined, 'Malmö stad');
    for (const lang of ['en', 'nl', 'sv'] as const) {
      const text = malmo.render('report-received', lang, facts).text;
      expect(text).toContain('\n\nMalmö stad\n\n--');
      expect(text).not.toContain('Rotterdam');
    }
  });

  it('a template that names an unknown fact, lacks English or is not a language of the city stops the start with the file and the reason', () => {
    const broken = (name: string, content: string) => {
      const d = mkdtempSync(join(tmpdir(), 'templates-'));
      copyFileSync(join(dir, '_layout.yaml'), join(d, '_layout.yaml'));
      writeFileSync(join(d, name), content);
      return () => TemplateBook.load(d);
    };
    expect(
      broken('x.yaml', 'id: x\naudience: reporter\nen: { subject: "{{referense}}", body: b, sms: s }\n'),
    ).toThrow(/x\.yaml \(en\): .*referense/);
    expect(broken('y.yaml', 'id: y\naudience: reporter\nnl: { subject: s, body: b, sms: s }\n')).toThrow(
      /y\.yaml: en: English is required/,
    );
    expect(
      broken(
        'z.yaml',
        'id: z\naudience: reporter\nen: { subject: s, body: b, sms: s }\nxx: { subject: s, body: b, sms: s }\n',
      ),
    ).toThrow(/z\.yaml: xx: not a language/);
    expect(broken('w.yaml', 'id: v\naudience: reporter\nen: { subject: s, body: b, sms: s }\n')).toThrow(
      /w\.yaml: its id is v/,
    );
  });
});
