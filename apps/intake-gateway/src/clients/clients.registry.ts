import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import YAML from 'yaml';
import { z } from 'zod';
import { APP_CONFIG, servedCities } from '@city/platform-config';
import type { GatewayConfig } from '../config';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash in hex');
const clientsFileSchema = z.object({
  open311: z
    .array(z.object({ clientId: z.string().min(1), name: z.string().min(1), apiKeyHash: sha256 }))
    .default([]),
  kiosks: z
    .array(
      z.object({
        deviceId: z.string().min(1),
        location: z.string().min(1),
        /** The city the kiosk stands in (docs/multi-tenancy.md); unset, the deployment's TENANT_ID. */
        city: z.string().min(1).optional(),
        tokenHash: sha256,
      }),
    )
    .default([]),
});

export interface Open311Client {
  clientId: string;
  name: string;
}
export interface KioskDevice {
  deviceId: string;
  location: string;
  /** The city whose requests it takes. */
  city: string;
}

const hash = (secret: string) => createHash('sha256').update(secret).digest();

function findByHash<T extends { hash: Buffer }>(entries: T[], secret: string): T | undefined {
  const h = hash(secret);
  // Compare every entry in constant time, so timing does not tell how close a guess was.
  let found: T | undefined;
  for (const e of entries) if (timingSafeEqual(e.hash, h)) found = e;
  return found;
}

/** Client applications and devices allowed to submit: Open311 API keys and kiosk device tokens. */
@Injectable()
export class ClientsRegistry {
  private readonly open311: Array<Open311Client & { hash: Buffer }>;
  private readonly kiosks: Array<KioskDevice & { hash: Buffer }>;

  constructor(@Inject(APP_CONFIG) config: GatewayConfig) {
    const file = clientsFileSchema.parse(YAML.parse(readFileSync(config.CLIENTS_FILE, 'utf8')));
    // A kiosk of a city this deployment does not serve (the file may list every city's) is not one
    // of ours: its token is refused as unknown.
    const served = servedCities(config);
    this.open311 = file.open311.map((c) => ({
      clientId: c.clientId,
      name: c.name,
      hash: Buffer.from(c.apiKeyHash, 'hex'),
    }));
    this.kiosks = file.kiosks
      .filter((k) => served.includes(k.city ?? config.TENANT_ID))
      .map((k) => ({
        deviceId: k.deviceId,
        location: k.location,
        city: k.city ?? config.TENANT_ID,
        hash: Buffer.from(k.tokenHash, 'hex'),
      }));
  }

  open311ClientByKey(apiKey: string): Open311Client | undefined {
    const c = findByHash(this.open311, apiKey);
    return c && { clientId: c.clientId, name: c.name };
  }

  kioskByToken(token: string): KioskDevice | undefined {
    const k = findByHash(this.kiosks, token);
    return k && { deviceId: k.deviceId, location: k.location, city: k.city };
  }
}
