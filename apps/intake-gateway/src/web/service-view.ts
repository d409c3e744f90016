import type { Channel, IdentityRule, Language, LocalizedText, ServiceDefinition } from '@city/contracts';
import { identityOf, LANGUAGES } from '@city/contracts';

export const pickLanguage = (wanted: string | undefined): Language =>
  (LANGUAGES as readonly string[]).includes(wanted ?? '') ? (wanted as Language) : 'en';

/** A text in the wanted language, falling back to English. */
export const t = (text: LocalizedText | undefined, lang: Language): string =>
  text ? (text[lang] ?? text.en) : '';

export interface ServiceSummaryView {
  code: string;
  name: string;
  description: string;
  group: string;
  keywords: string[];
  interaction: string;
  lgslId: number;
  locationRequired: boolean;
  channels: Channel[];
  /**
   * What the city must know of the person: `anonymous`, `contact` (an email or a phone) or
   * `signed-in` (on the web, signed in through the identity provider; elsewhere as `contact`).
   */
  identity: IdentityRule;
  promise: string;
}

export interface ServiceFormView extends ServiceSummaryView {
  version: number;
  attributes: Array<{
    code: string;
    datatype: string;
    required: boolean;
    order: number;
    label: string;
    hint: string | null;
    values: Array<{ key: string; label: string }> | null;
    min: number | null;
    max: number | null;
    maxLength: number | null;
  }>;
}

export function serviceSummary(s: ServiceDefinition, lang: Language): ServiceSummaryView {
  return {
    code: s.code,
    name: t(s.name, lang),
    description: t(s.description, lang),
    group: s.group,
    keywords: s.keywords,
    interaction: s.interaction,
    lgslId: s.lgslId,
    locationRequired: s.locationRequired,
    channels: s.channels,
    identity: identityOf(s),
    promise: t(s.sla.promise, lang),
  };
}

/** Everything a portal, kiosk or agent screen needs to draw the service's form. */
export function serviceForm(s: ServiceDefinition, lang: Language): ServiceFormView {
  return {
    ...serviceSummary(s, lang),
    version: s.version,
    attributes: [...s.attributes]
      .sort((a, b) => a.order - b.order)
      .map((a) => ({
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        order: a.order,
        label: t(a.description, lang),
        hint: a.datatypeDescription ? t(a.datatypeDescription, lang) : null,
        values: a.values ? a.values.map((v) => ({ key: v.key, label: t(v.name, lang) })) : null,
        min: a.min ?? null,
        max: a.max ?? null,
        maxLength: a.maxLength ?? null,
      })),
  };
}
