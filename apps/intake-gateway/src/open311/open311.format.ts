import { XMLBuilder } from 'fast-xml-parser';
import type {
  FieldError,
  Open311Attribute,
  Open311Error,
  Open311Service,
  Open311ServiceDefinition,
  ServiceDefinition,
} from '@city/contracts';
import { describeLimits } from '@city/domain-intake';

export type Open311Format = 'json' | 'xml';

/** Splits `services.json` into resource and format; null when the format is not json or xml. */
export function splitFormat(file: string): { name: string; format: Open311Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { name: m[1], format: m[2] as Open311Format } : null;
}

export const formatFromUrl = (url: string): Open311Format => (/\.xml(\?|$)/.test(url) ? 'xml' : 'json');

const xml = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true });

/**
 * Renders a response body in the asked format. In XML, `root` wraps the whole and `item` each
 * element of a list; nested lists (endpoints, formats, attributes, values) get their singular tags.
 */
export function render(
  format: Open311Format,
  root: string,
  item: string | null,
  data: unknown,
): { contentType: string; body: string } {
  if (format === 'json')
    return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(data) };
  const wrapList = (key: string, list: unknown[]) => ({ [key]: list.map(toXmlShape) });
  const toXmlShape = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(toXmlShape);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(v)) {
        if (k === 'endpoints' && Array.isArray(val)) out[k] = wrapList('endpoint', val);
        else if (k === 'formats' && Array.isArray(val)) out[k] = { format: val };
        else if (k === 'attributes' && Array.isArray(val)) out[k] = wrapList('attribute', val);
        else if (k === 'values' && Array.isArray(val)) out[k] = wrapList('value', val);
        else out[k] = val === null ? '' : toXmlShape(val);
      }
      return out;
    }
    return v;
  };
  const content = item
    ? { [root]: { [item]: (data as unknown[]).map(toXmlShape) } }
    : { [root]: toXmlShape(data) };
  return {
    contentType: 'text/xml; charset=utf-8',
    body: `<?xml version="1.0" encoding="UTF-8"?>${xml.build(content)}`,
  };
}

export const renderErrors = (format: Open311Format, errors: Open311Error[]) =>
  render(format, 'errors', 'error', errors);

export function toOpen311Service(s: ServiceDefinition): Open311Service {
  return {
    service_code: s.code,
    service_name: s.name.en,
    description: s.description.en,
    metadata: s.attributes.length > 0,
    type: 'realtime',
    keywords: s.keywords.join(','),
    group: s.group,
  };
}

export function toOpen311Definition(s: ServiceDefinition): Open311ServiceDefinition {
  return {
    service_code: s.code,
    attributes: [...s.attributes]
      .sort((a, b) => a.order - b.order)
      .map((a): Open311Attribute => ({
        variable: true,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        // The catalogue's own hint, then every limit the gateway enforces (so a client knows before it sends).
        datatype_description: [a.datatypeDescription?.en, describeLimits(a)].filter(Boolean).join(' '),
        order: a.order,
        description: a.description.en,
        ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: v.name.en })) } : {}),
      })),
  };
}

const FIELD_NAMES: Record<string, string> = {
  serviceCode: 'service_code',
  description: 'description',
  location: 'lat/long or address_string',
  'location.lat': 'lat',
  'location.long': 'long',
  'location.address': 'address_string',
  'location.propertyId': 'address_id',
  contact: 'email or phone',
  'contact.email': 'email',
  'contact.phone': 'phone',
  'contact.firstName': 'first_name',
  'contact.lastName': 'last_name',
  mediaUrls: 'media_url',
};

/** Our field names in Open311's words: `attributes.depth` is `attribute[depth]`. */
export function open311Field(field: string): string {
  const attr = /^attributes\.(.+)$/.exec(field);
  if (attr) return `attribute[${attr[1]}]`;
  return FIELD_NAMES[field] ?? FIELD_NAMES[field.replace(/\[\d+\]$/, '')] ?? field;
}

export const toOpen311Errors = (
  status: number,
  errors: FieldError[] | undefined,
  message: string,
): Open311Error[] =>
  errors?.length
    ? errors.map((e) => ({ code: status, description: `${open311Field(e.field)}: ${e.reason}` }))
    : [{ code: status, description: message }];

/** Under /open311/, errors are the spec's list, in the format the client asked for. */
export const open311ErrorRenderer = (
  url: string,
  body: { statusCode: number; message: string; errors?: FieldError[] },
) => {
  if (!url.startsWith('/open311/')) return null;
  const r = renderErrors(formatFromUrl(url), toOpen311Errors(body.statusCode, body.errors, body.message));
  return { contentType: r.contentType, payload: r.body };
};
