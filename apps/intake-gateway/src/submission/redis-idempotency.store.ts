import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { APP_CONFIG } from '@city/platform-config';
import { KAFKA_LOGGER } from '@city/platform-kafka';
import type { GatewayConfig } from '../config';
import { IdempotencyStore, type AcceptedRecord, type BeginResult } from './idempotency.store';

const PENDING_TTL_MS = 60_000;

/**
 * Remembers idempotency keys in Redis so that a repeated submission produces one request. The
 * memory is an optimisation, not the guarantee: references and event ids are derived from the key,
 * so a repeat that slips through (Redis lost its data) still carries the same reference and eventId.
 */
@Injectable()
export class RedisIdempotencyStore extends IdempotencyStore implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(KAFKA_LOGGER) private readonly logger: Logger,
  ) {
    super();
    this.redis = new Redis(config.REDIS_URL, {
      keyPrefix: `${config.KAFKA_TOPIC_PREFIX}intake:`,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1_000,
      commandTimeout: 500,
      lazyConnect: false,
      enableAutoPipelining: true,
    });
    this.redis.on('error', () => undefined); // reported where a command fails
  }

  private key(tenantId: string, idempotencyKey: string) {
    return `idem:${tenantId}:${idempotencyKey}`;
  }

  async begin(tenantId: string, idempotencyKey: string): Promise<BeginResult> {
    try {
      const k = this.key(tenantId, idempotencyKey);
      const set = await this.redis.set(k, JSON.stringify({ pending: true }), 'PX', PENDING_TTL_MS, 'NX');
      if (set === 'OK') return { state: 'new' };
      const raw = await this.redis.get(k);
      if (!raw) return this.begin(tenantId, idempotencyKey); // expired in between
      const value = JSON.parse(raw) as { pending: true } | AcceptedRecord;
      return 'pending' in value ? { state: 'pending' } : { state: 'done', record: value };
    } catch (e) {
      this.logger.warn(
        { err: (e as Error).message },
        'idempotency memory unavailable; relying on deterministic event ids',
      );
      return { state: 'unavailable' };
    }
  }

  async complete(
    tenantId: string,
    idempotencyKey: string,
    eventId: string,
    record: AcceptedRecord,
  ): Promise<void> {
    try {
      const ttl = this.config.IDEMPOTENCY_TTL_SECONDS;
      // One round trip; the two keys need not change together (a missing token only means a 404 on
      // an Open311 token look-up, and the reference is derivable from the key anyway).
      await this.redis
        .pipeline()
        .set(this.key(tenantId, idempotencyKey), JSON.stringify(record), 'EX', ttl)
        .set(`token:${tenantId}:${eventId}`, record.reference, 'EX', ttl)
        .exec();
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'could not remember an accepted idempotency key');
    }
  }

  /** Forgets a key whose publish failed, so that the caller's retry is tried afresh. */
  async abandon(tenantId: string, idempotencyKey: string): Promise<void> {
    await this.redis.del(this.key(tenantId, idempotencyKey)).catch(() => undefined);
  }

  /**
   * Remembers `id` (of a `kind` of thing) for `ttlSeconds`: 'first' the first time, 'seen' on every
   * repeat while remembered. Used to refuse replayed webhooks, so without Redis it says so and the
   * caller refuses rather than guesses.
   */
  async firstSighting(
    kind: string,
    id: string,
    ttlSeconds: number,
  ): Promise<'first' | 'seen' | 'unavailable'> {
    try {
      const set = await this.redis.set(
        `seen:${kind}:${id}`,
        '1',
        'EX',
        Math.max(1, Math.ceil(ttlSeconds)),
        'NX',
      );
      return set === 'OK' ? 'first' : 'seen';
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'replay memory unavailable');
      return 'unavailable';
    }
  }

  /** Forgets a sighting whose handling failed, so that the sender's retry is taken. */
  async forgetSighting(kind: string, id: string): Promise<void> {
    await this.redis.del(`seen:${kind}:${id}`).catch(() => undefined);
  }

  /** The reference behind an Open311 token (the request's eventId), if known. */
  async referenceOfToken(tenantId: string, token: string): Promise<string | null | 'unavailable'> {
    try {
      return await this.redis.get(`token:${tenantId}:${token}`);
    } catch {
      return 'unavailable';
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}
