import { z } from 'zod';
import { authConfigSchema, PRODUCTION_REQUIRED, serviceClientConfigSchema } from '@city/platform-auth';
import { cityIdSchema } from '@city/contracts';
import { baseConfigSchema, loadConfig, port, secretProblem, servedCities } from '@city/platform-config';

export const gatewayConfigSchema = baseConfigSchema
  .extend({
    ...authConfigSchema.shape,
    ...serviceClientConfigSchema('intake-gateway').shape,
    PORT: port(3000),
    HOST: z.string().default('0.0.0.0'),
    /** Largest request body accepted, in bytes; larger bodies get 413. */
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(256 * 1024),
    /** How long a submission waits for Kafka's acks=all before the caller is told 503. */
    KAFKA_ACK_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
    /** Where citizens follow a request: `${PUBLIC_TRACK_URL}/${reference}`. */
    PUBLIC_TRACK_URL: z.string().url().default('http://localhost:4300/track'),
    /** Country whose national notation phone numbers without + are read in. */
    DEFAULT_COUNTRY: z.string().length(2).default('GB'),
    /** Open311 API keys and kiosk devices (hashed secrets); the demo file is refused in production. */
    CLIENTS_FILE: z.string().default('demo/clients.yaml'),
    /** Shared secret of the telephony platform's webhook signatures (HMAC-SHA256 of `${timestamp}.${raw body}`). */
    TELEPHONY_WEBHOOK_SECRET: z.string().min(16).default('demo-telephony-secret'),
    /**
     * A city's own telephony secret, as JSON (`{"goteborg": "<secret>"}`): that city's events are taken
     * only when signed with it, so one city's telephony platform cannot speak for another by naming it
     * in X-City. A city without one has TELEPHONY_WEBHOOK_SECRET.
     */
    TELEPHONY_WEBHOOK_SECRETS: z
      .string()
      .default('{}')
      .transform((text, ctx) => {
        if (text.trim() === '') return {}; // set and left empty (compose's `${VAR:-}`): none
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'is not JSON: give {"<city>": "<secret>", ...}' });
          return z.NEVER;
        }
      })
      .pipe(z.record(cityIdSchema, z.string().min(16))),
    /** How far a telephony webhook's timestamp may be from now, either way; older or newer events are refused, and a repeat inside it is a replay. */
    TELEPHONY_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
    /** How long an idempotency key is remembered. */
    IDEMPOTENCY_TTL_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(7 * 24 * 3600),
    /** The case-service, asked for request status by the IVR (issue 3). */
    CASE_SERVICE_URL: z.string().url().default('http://127.0.0.1:3001'),
    /** On shutdown, how long in-flight requests may take before their connections are closed. */
    SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
    OPEN311_CONTACT: z.string().default('Contact centre, 0300 000 0000, contact@example.gov'),
  })
  .refine((c) => c.NODE_ENV !== 'production' || !/(^|\/)demo\/clients\.yaml$/.test(c.CLIENTS_FILE), {
    path: ['CLIENTS_FILE'],
    message:
      "is the demo's file (its API keys and kiosk tokens are in the README); point it at the city's own",
  })
  .superRefine((c, ctx) => {
    const served = servedCities(c);
    for (const [city, secret] of Object.entries(c.TELEPHONY_WEBHOOK_SECRETS)) {
      const problem = c.NODE_ENV === 'production' ? secretProblem(secret) : null;
      if (!served.includes(city))
        ctx.addIssue({
          code: 'custom',
          path: ['TELEPHONY_WEBHOOK_SECRETS', city],
          message: 'is not a city served here (CITIES)',
        });
      else if (problem)
        ctx.addIssue({ code: 'custom', path: ['TELEPHONY_WEBHOOK_SECRETS', city], message: problem });
    }
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

/** Refused in production when missing, a demo value, a change-me placeholder or shorter than 32 bytes. */
export const GATEWAY_SECRETS = ['TELEPHONY_WEBHOOK_SECRET', 'AUTH_CLIENT_SECRET'] as const;

export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig =>
  loadConfig(gatewayConfigSchema, env, { secrets: GATEWAY_SECRETS, required: PRODUCTION_REQUIRED });
