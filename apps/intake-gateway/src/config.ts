import { z } from 'zod';
import { baseConfigSchema, loadConfig, port } from '@city/platform-config';

export const gatewayConfigSchema = baseConfigSchema.extend({
  PORT: port(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Largest request body accepted, in bytes; larger bodies get 413. */
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(256 * 1024),
  /** How long a submission waits for Kafka's acks=all before the caller is told 503. */
  KAFKA_ACK_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  /** Where citizens follow a request: `${PUBLIC_TRACK_URL}/${reference}`. */
  PUBLIC_TRACK_URL: z.string().url().default('http://localhost:4300/track'),
  /** Country whose national notation phone numbers without + are read in. */
  DEFAULT_COUNTRY: z.string().length(2).default('GB'),
  /** Open311 API keys and kiosk devices (hashed secrets). */
  CLIENTS_FILE: z.string().default('demo/clients.yaml'),
  /** Shared secret of the telephony platform's webhook signatures (HMAC-SHA256). */
  TELEPHONY_WEBHOOK_SECRET: z.string().min(16).default('demo-telephony-secret'),
  /** How long an idempotency key is remembered. */
  IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().positive().default(7 * 24 * 3600),
  /** The case-service, asked for request status by the IVR (issue 3). */
  CASE_SERVICE_URL: z.string().url().default('http://127.0.0.1:3001'),
  /** On shutdown, how long in-flight requests may take before their connections are closed. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
  OPEN311_CONTACT: z.string().default('Contact centre, 0300 000 0000, contact@example.gov'),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig => loadConfig(gatewayConfigSchema, env);
