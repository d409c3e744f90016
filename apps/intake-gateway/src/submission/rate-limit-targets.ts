import { normalizePhone } from '@city/domain-intake';
import type { RateLimitTarget } from '@city/platform-http';
import type { GatewayConfig } from '../config';

/** A form field or JSON value as text: the last of a repeated form field, trimmed; undefined when there is none. */
const text = (v: unknown): string | undefined => {
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === 'string' ? last.trim() || undefined : undefined;
};

/**
 * The addresses a submission's acknowledgement can go to, each as one target however it is written:
 * the email in lower case, the phone number in E.164 as validation reads it (its digits, when it is
 * not a number at all: validation refuses it then, and nothing is sent).
 */
export function contactTargets(email: unknown, phone: unknown, defaultCountry: string): string[] {
  const e = text(email);
  const p = text(phone);
  return [
    ...(e ? [`email:${e.toLowerCase()}`] : []),
    ...(p ? [`phone:${normalizePhone(p, defaultCountry) ?? p.replace(/\D/g, '')}`] : []),
  ];
}

/** Web submissions: the contact of the JSON body. */
export const webContact: RateLimitTarget<GatewayConfig> = {
  label: 'contact address',
  of: (req, config) => {
    const contact = (req.body as { contact?: { email?: unknown; phone?: unknown } } | null | undefined)
      ?.contact;
    return contactTargets(contact?.email, contact?.phone, config.DEFAULT_COUNTRY);
  },
};

/** Open311 submissions: the email and phone fields of the form. */
export const open311Contact: RateLimitTarget<GatewayConfig> = {
  label: 'contact address',
  of: (req, config) => {
    const form = req.body as Record<string, unknown> | null | undefined;
    return contactTargets(form?.email, form?.phone, config.DEFAULT_COUNTRY);
  },
};
