import type { FieldError, SubmitRequestBody } from '@city/contracts';

type Form = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined): string | undefined =>
  (Array.isArray(v) ? v[v.length - 1] : v)?.trim() || undefined;

/**
 * Reads an Open311 POST requests form (`attribute[code]`, `attribute[code][]` for lists) into the
 * platform's submission shape (the controller reads jurisdiction_id). Unknown fields are ignored, as the spec allows.
 */
export function readOpen311Form(
  form: Form,
): { ok: true; body: SubmitRequestBody; deviceId: string | null } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const attributes: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(form)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
    if (!m || v === undefined) continue;
    attributes[m[1]] = m[2] || Array.isArray(v) ? ([] as string[]).concat(v) : v;
  }
  const num = (field: 'lat' | 'long') => {
    const raw = one(form[field]);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n)) errors.push({ field, reason: 'must be a number' });
    return n;
  };
  const lat = num('lat');
  const long = num('long');
  const address = one(form.address_string);
  const propertyId = one(form.address_id);
  const serviceCode = one(form.service_code);
  if (!serviceCode) errors.push({ field: 'service_code', reason: 'required' });
  const contact = {
    email: one(form.email),
    phone: one(form.phone),
    firstName: one(form.first_name),
    lastName: one(form.last_name),
  };
  const hasContact = Object.values(contact).some((v) => v !== undefined);
  if (errors.length) return { ok: false, errors };
  const media = one(form.media_url);
  return {
    ok: true,
    deviceId: one(form.device_id) ?? one(form.account_id) ?? null,
    body: {
      serviceCode: serviceCode!,
      description: one(form.description),
      attributes,
      location:
        lat !== undefined || long !== undefined || address || propertyId
          ? { lat, long, address, propertyId }
          : undefined,
      contact: hasContact
        ? Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined))
        : undefined,
      mediaUrls: media ? [media] : undefined,
    } as SubmitRequestBody,
  };
}
