import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import YAML from 'yaml';
import { z } from 'zod';
import { LANGUAGES, type Language } from '@city/contracts';

/** The words of one message in one language: an email (subject and body) and a text message. */
const wordsSchema = z
  .object({ subject: z.string().min(1), body: z.string().min(1), sms: z.string().min(1) })
  .strict();
const templateSchema = z
  .object({ id: z.string().regex(/^[a-z0-9-]+$/), audience: z.enum(['reporter', 'followers']) })
  .catchall(wordsSchema)
  .superRefine((t, ctx) => {
    for (const k of Object.keys(t))
      if (k !== 'id' && k !== 'audience' && !(LANGUAGES as readonly string[]).includes(k))
        ctx.addIssue({
          code: 'custom',
          path: [k],
          message: `not a language the city serves (${LANGUAGES.join(', ')})`,
        });
    if (!('en' in t))
      ctx.addIssue({
        code: 'custom',
        path: ['en'],
        message: "English is required: it is every template's fallback",
      });
  });
const layoutSchema = z.record(
  z.string(),
  z
    .object({ greeting: z.string(), signature: z.string(), footer: z.string(), smsFooter: z.string() })
    .strict(),
);

/** Who hears a message: the citizen who asked, or also everyone following the case (reporters of linked duplicates). */
export type Audience = 'reporter' | 'followers';

/** What a template may speak of; every one is always given (empty when it does not apply). */
export interface MessageFacts {
  reference: string;
  service: string;
  firstName: string;
  optOutUrl: string;
  /** The signed link to the satisfaction question's page in the portal (the `satisfaction-survey` template's). */
  surveyUrl: string;
  original: string;
  note: string;
  reason: string;
}

export interface RenderedMessage {
  language: Language;
  subject: string;
  /** The email's text: greeting, the template's words, signature and the footer with the opt-out link. */
  text: string;
  /** The text message, with its STOP line, at most three SMS segments. */
  sms: string;
}

/** Three GSM-7 segments; a longer text is cut with an ellipsis. */
export const SMS_MAX = 459;

type Compiled = (facts: MessageFacts) => string;
const hb = Handlebars.create();
// Plain text, never HTML: nothing is escaped; a name in the template that is not a known fact fails at load.
const compile = (source: string): Compiled =>
  hb.compile(source, { noEscape: true, strict: true, knownHelpersOnly: true });

const SAMPLE: MessageFacts = {
  reference: 'AB12-CD34-EFG',
  service: 'Pothole',
  firstName: 'Anna',
  optOutUrl: 'https://city.example/opt-out/x',
  surveyUrl: 'https://my.city.example/survey/x',
  original: 'ZX98-YW76-VUT',
  note: 'The crew comes on Tuesday',
  reason: 'Done',
};

export class TemplateProblem extends Error {}

/**
 * The city's message templates (catalogue/templates): each in English and any of the city's other
 * languages, read and compiled at start; a template that does not parse or names an unknown fact
 * stops the start, so a wrong word never reaches a citizen. A message is rendered in the citizen's
 * language, or in English when the template has not been translated to it.
 */
export class TemplateBook {
  private constructor(
    private readonly templates: Map<
      string,
      { audience: Audience; words: Map<Language, { subject: Compiled; body: Compiled; sms: Compiled }> }
    >,
    private readonly layout: Map<
      Language,
      { greeting: Compiled; signature: Compiled; footer: Compiled; smsFooter: Compiled }
    >,
    /** The city's name: `{{city}}` in every template. */
    private readonly city: string,
  ) {}

  /**
   * The templates of `dir`; with `own` (a city's own templates/), each file there in place of the
   * one of the same name in `dir`, and any more it brings beside them: a city may bring only its
   * `_layout.yaml` (its signature) and keep the deployment's words. `city`, the city's name as its
   * profile says it, is the `{{city}}` of every message (the deployment's layout signs with it).
   */
  static load(dir: string, own?: string, city = 'The city'): TemplateBook {
    const yamls = (d: string) => readdirSync(d).filter((f) => f.endsWith('.yaml'));
    const mine = new Set(own ? yamls(own) : []);
    const files = [...new Set([...yamls(dir), ...mine])].sort();
    const pathOf = (f: string) => (own && mine.has(f) ? join(own, f) : join(dir, f));
    if (!files.includes('_layout.yaml')) throw new TemplateProblem(`${dir}/_layout.yaml is missing`);
    const parsedLayout = layoutSchema.safeParse(YAML.parse(readFileSync(pathOf('_layout.yaml'), 'utf8')));
    if (!parsedLayout.success)
      throw new TemplateProblem(
        `_layout.yaml: ${parsedLayout.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    const layout = new Map(
      Object.entries(parsedLayout.data).map(([lang, l]) => [
        lang as Language,
        {
          greeting: compile(l.greeting),
          signature: compile(l.signature),
          footer: compile(l.footer),
          smsFooter: compile(l.smsFooter),
        },
      ]),
    );
    if (!layout.has('en')) throw new TemplateProblem('_layout.yaml: English is required');
    const templates = new Map<
      string,
      { audience: Audience; words: Map<Language, { subject: Compiled; body: Compiled; sms: Compiled }> }
    >();
    for (const f of files.filter((x) => x !== '_layout.yaml')) {
      const parsed = templateSchema.safeParse(YAML.parse(readFileSync(pathOf(f), 'utf8')));
      if (!parsed.success)
        throw new TemplateProblem(
          `${f}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      const { id, audience, ...languages } = parsed.data as { id: string; audience: Audience } & Record<
        string,
        z.infer<typeof wordsSchema>
      >;
      if (`${id}.yaml` !== f)
        throw new TemplateProblem(`${f}: its id is ${id}; the file must be named ${id}.yaml`);
      const words = new Map(
        Object.entries(languages).map(([lang, w]) => [
          lang as Language,
          { subject: compile(w.subject), body: compile(w.body), sms: compile(w.sms) },
        ]),
      );
      templates.set(id, { audience, words });
    }
    const book = new TemplateBook(templates, layout, city);
    // Render every template in every language once: an unknown fact or a broken block fails here, not at a citizen.
    for (const [id, t] of templates) {
      for (const lang of t.words.keys()) {
        try {
          book.render(id, lang, SAMPLE);
        } catch (e) {
          throw new TemplateProblem(`${id}.yaml (${lang}): ${(e as Error).message}`);
        }
      }
    }
    return book;
  }

  has(id: string): boolean {
    return this.templates.has(id);
  }

  ids(): string[] {
    return [...this.templates.keys()].sort();
  }

  languagesOf(id: string): Language[] {
    return [...(this.templates.get(id)?.words.keys() ?? [])];
  }

  audienceOf(id: string): Audience {
    const t = this.templates.get(id);
    if (!t) throw new TemplateProblem(`no template ${id}`);
    return t.audience;
  }

  render(id: string, wanted: Language, facts: MessageFacts): RenderedMessage {
    const t = this.templates.get(id);
    if (!t) throw new TemplateProblem(`no template ${id}`);
    const language: Language = t.words.has(wanted) && this.layout.has(wanted) ? wanted : 'en';
    const w = t.words.get(language)!;
    const l = this.layout.get(language)!;
    const f = { city: this.city, ...facts, reason: facts.reason.replace(/[.\s]+$/, '') };
    const text = [l.greeting(f), w.body(f), l.signature(f), '--', l.footer(f)].join('\n\n');
    const smsFooter = l.smsFooter(f);
    let sms = `${w.sms(f)} ${smsFooter}`;
    if (sms.length > SMS_MAX) sms = `${w.sms(f).slice(0, SMS_MAX - smsFooter.length - 2)}… ${smsFooter}`;
    return { language, subject: w.subject(f), text, sms };
  }
}
