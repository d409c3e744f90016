import { z } from 'zod';
import { CHANNELS, LANGUAGES } from '../channels';

/** A text in several languages; English is required and is the fallback. */
export const localizedTextSchema = z
  .object({ en: z.string().min(1) })
  .catchall(z.string().min(1))
  .refine((t) => Object.keys(t).every((k) => (LANGUAGES as readonly string[]).includes(k)), {
    message: `language keys must be among ${LANGUAGES.join(', ')}`,
  });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** The datatypes of Open311 GeoReport v2 service attributes. */
export const ATTRIBUTE_DATATYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

const code = z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, 'lower-case letters, digits, - and _ (2 to 64)');

export const attributeValueSchema = z.object({ key: z.string().min(1).max(64), name: localizedTextSchema });

export const serviceAttributeSchema = z
  .object({
    code,
    datatype: z.enum(ATTRIBUTE_DATATYPES),
    required: z.boolean().default(false),
    order: z.number().int().min(0),
    description: localizedTextSchema,
    /** Explains the expected format to a person (Open311 `datatype_description`). */
    datatypeDescription: localizedTextSchema.optional(),
    values: z.array(attributeValueSchema).optional(),
    /** Only for `number`. */
    min: z.number().optional(),
    max: z.number().optional(),
    /** Only for `string` and `text`. */
    maxLength: z.number().int().positive().optional(),
    /** Routing may read it: a "yes" here marks the case a safety hazard (issue 4). */
    safetyHazardWhen: z.array(z.string()).optional(),
  })
  .superRefine((a, ctx) => {
    const isList = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
    if (isList && (!a.values || a.values.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: `${a.datatype} needs at least one value` });
    }
    if (!isList && a.values) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: `values are only for list datatypes` });
    }
    if (a.values && new Set(a.values.map((v) => v.key)).size !== a.values.length) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'value keys must be unique' });
    }
  });
export type ServiceAttribute = z.infer<typeof serviceAttributeSchema>;

/** Interaction types of the LGSL/LGIL lists (see shared/reference/lgsl-services.csv). */
export const INTERACTION_TYPES = [
  'reporting',
  'applications-for-service',
  'providing-information',
  'paying-for-goods-and-services',
] as const;

export const slaTargetSchema = z.object({
  value: z.number().positive(),
  unit: z.enum(['working-days', 'working-hours', 'calendar-days', 'hours']),
});
export type SlaTarget = z.infer<typeof slaTargetSchema>;

/**
 * How much of a public request's place Open311 shows: as reported; rounded to about 100 m (three
 * decimals) without street address or property id; or none at all.
 */
export const OPEN311_LOCATIONS = ['exact', 'coarse', 'none'] as const;
export type Open311Location = (typeof OPEN311_LOCATIONS)[number];

/** What anyone may read of a service's requests through Open311 GET requests (the city decides per service). */
export const open311VisibilitySchema = z
  .object({
    /** Listed and read by anyone. Only street-level reports should be; personal services never. */
    public: z.boolean(),
    location: z.enum(OPEN311_LOCATIONS).default('coarse'),
  })
  .strict();
export type Open311Visibility = z.infer<typeof open311VisibilitySchema>;

/**
 * What the city must know of the person who asks for a service (issue 12: "signed in through the
 * identity provider (citizen role), or anonymous where the service allows"):
 * - `anonymous`: anyone, no contact needed (a pothole, graffiti: the city acts on the report);
 * - `contact`: an email or a phone number, so the city can reach them (to ask for a document, to decide);
 * - `signed-in`: on the web, a citizen signed in through the identity provider (the realm's `citizen`
 *   role), and the request carries the verified email and name of their sign-in, so it lands on
 *   their record; on the phone, at a counter or a kiosk, staff or the device take the contact, so it
 *   is `contact` there.
 */
export const IDENTITY_RULES = ['anonymous', 'contact', 'signed-in'] as const;
export type IdentityRule = (typeof IDENTITY_RULES)[number];

export const serviceDefinitionSchema = z
  .object({
    code,
    /** Bumped on every change of the file; the gateway stamps it on each request. */
    version: z.number().int().positive(),
    active: z.boolean().default(true),
    lgslId: z.number().int().positive(),
    lgilId: z.number().int().min(0),
    interaction: z.enum(INTERACTION_TYPES),
    group: z.string().min(1),
    keywords: z.array(z.string().min(1)).default([]),
    name: localizedTextSchema,
    description: localizedTextSchema,
    attributes: z.array(serviceAttributeSchema).default([]),
    locationRequired: z.boolean(),
    channels: z.array(z.enum(CHANNELS)).min(1),
    sla: z.object({
      firstResponse: slaTargetSchema.optional(),
      resolution: slaTargetSchema,
      /** Human words for citizens, e.g. "We aim to fix it within 5 working days." */
      promise: localizedTextSchema,
    }),
    defaultQueue: z.string().min(1),
    /** The workflow definition its cases run (catalogue/workflows/<id>.yaml); the workflow-service checks it exists. */
    workflow: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .optional(),
    /** Open311 reads of its requests; without it the service is private (no default is written, so files without it keep their content). */
    open311: open311VisibilitySchema.optional(),
    /**
     * Who may ask for it (see IDENTITY_RULES). Without it, by the interaction: an application
     * (`applications-for-service`) needs a contact, anything else may be anonymous; read it with
     * `identityOf` (no default is written, so files without it keep their content).
     */
    identity: z.enum(IDENTITY_RULES).optional(),
    /**
     * How long after it is resolved its citizen may still reopen a request, in the units of the
     * service levels; after that it closes by itself (the workflow-service's `auto-close` clock) and
     * a reopening is refused (a new request is made instead). Without it, the city's `autoClose` in
     * catalogue/routing.yaml (5 working days); read it with `reopenPeriodOf`. A decision a citizen may
     * object to (a permit) is given longer: the Dutch objection period is six weeks,
     * `{ value: 42, unit: calendar-days }`. No default is written, so files without it keep their content.
     */
    reopenWithin: slaTargetSchema.strict().optional(),
    /**
     * How long its finished requests keep their personal data (GDPR article 5(1)(e)): the days after a
     * request last changed, once closed, withdrawn, a duplicate or not the city's, after which the
     * case-service's nightly retention run anonymises it in every service (docs/personal-data.md).
     * Without it, the deployment's RETENTION_DAYS; read it with `retentionDaysOf`. No default is
     * written, so files without it keep their content.
     */
    retention: z
      .object({ closedCasesForDays: z.number().int().min(1).max(36_500) })
      .strict()
      .optional(),
  })
  .superRefine((s, ctx) => {
    const codes = s.attributes.map((a) => a.code);
    if (new Set(codes).size !== codes.length) {
      ctx.addIssue({ code: 'custom', path: ['attributes'], message: 'attribute codes must be unique' });
    }
    if (new Set(s.channels).size !== s.channels.length) {
      ctx.addIssue({ code: 'custom', path: ['channels'], message: 'channels must be unique' });
    }
  });
export type ServiceDefinition = z.infer<typeof serviceDefinitionSchema>;
export type ServiceDefinitionInput = z.input<typeof serviceDefinitionSchema>;

/** A service's Open311 visibility; an unknown service, or one that says nothing, is private. */
export const open311VisibilityOf = (s: Pick<ServiceDefinition, 'open311'> | undefined): Open311Visibility =>
  s?.open311 ?? { public: false, location: 'none' };

/** What a service asks of the person who asks for it: its own `identity`, or its interaction's default. */
export const identityOf = (s: Pick<ServiceDefinition, 'identity' | 'interaction'>): IdentityRule =>
  s.identity ?? (s.interaction === 'applications-for-service' ? 'contact' : 'anonymous');

/** How many days a service's finished requests keep their personal data: its own `retention`, or the deployment's. */
export const retentionDaysOf = (
  s: Pick<ServiceDefinition, 'retention'> | undefined,
  deploymentDays: number,
): number => s?.retention?.closedCasesForDays ?? deploymentDays;

/** How long after resolution a service's requests may be reopened: its own `reopenWithin`, or the city's period. */
export const reopenPeriodOf = (
  s: Pick<ServiceDefinition, 'reopenWithin'> | undefined,
  cityPeriod: SlaTarget,
): SlaTarget => s?.reopenWithin ?? cityPeriod;

/** The key of a service on the compacted catalogue topic. */
export const catalogueKey = (tenantId: string, serviceCode: string): string => `${tenantId}/${serviceCode}`;
