import { normalizePhone } from '@city/domain-intake';
import { CityProfiles } from '@city/platform-config';
import type { RateLimitTarget } from '@city/platform-http';
import type { GatewayConfig } from '../config';

/** A form field or JSON value as text: the last of a repeated form field, trimmed; undefined when there is none. */
const text = (v: unknown): string | undefined => {
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === 'string' ? last.trim() || undefined : undefined;
};

/** The served cities' profiles, read once per configuration (the limits are checked before any handler). */
const profilesByConfig = new WeakMap<GatewayConfig, CityProfiles>();
const profilesOf = (config: GatewayConfig): CityProfiles => {
  let profiles = profilesByConfig.get(config);
  if (!profiles) profilesByConfig.set(config, (profiles = CityProfiles.load(config)));
  return profiles;
};

/**
 * The country a submission's phone number is read in, as its city's validation will read it: the
 * city's (`country` in its city.yaml) when the request names a served city, or the deployment serves
 * one; else the deployment's DEFAULT_COUNTRY. (The limit is checked before the caller is known, so a
 * signed-in person's token is not read here; their portal names their city.)
 */
export function countryOf(config: GatewayConfig, city: string | undefined): string {
  const served = profilesOf(config).all();
  const profile = city ? served.find((p) => p.city === city) : served.length === 1 ? served[0] : undefined;
  return profile?.country ?? config.DEFAULT_COUNTRY;
}

/**
 * The addresses a submission's acknowledgement can go to, each as one target however it is written:
 * the email in lower case, the phone number in E.164 as validation reads it, in the city's country
 * (its digits, when it is not a number at all: validation refuses it then, and nothing is sent).
 */
export function contactTargets(email: unknown, phone: unknown, country: string): string[] {
  const e = text(email);
  const p = text(phone);
  return [
    ...(e ? [`email:${e.toLowerCase()}`] : []),
    ...(p ? [`phone:${normalizePhone(p, country) ?? p.replace(/\D/g, '')}`] : []),
  ];
}

/** Web submissions: the contact of the JSON body, in the country of the city the portal names (X-City). */
export const webContact: RateLimitTarget<GatewayConfig> = {
  label: 'contact address',
  of: (req, config) => {
    const contact = (req.body as { contact?: { email?: unknown; phone?: unknown } } | null | undefined)
      ?.contact;
    return contactTargets(contact?.email, contact?.phone, countryOf(config, text(req.headers['x-city'])));
  },
};

/** Open311 submissions: the email and phone fields of the form, in the country of its jurisdiction_id's city. */
export const open311Contact: RateLimitTarget<GatewayConfig> = {
  label: 'contact address',
  of: (req, config) => {
    const form = req.body as Record<string, unknown> | null | undefined;
    const query = req.query as Record<string, unknown> | undefined;
    const jurisdiction = text(form?.jurisdiction_id) ?? text(query?.jurisdiction_id); // as the route reads it
    const city = jurisdiction ? profilesOf(config).byJurisdiction(jurisdiction)?.city : undefined;
    return contactTargets(form?.email, form?.phone, countryOf(config, city));
  },
};
