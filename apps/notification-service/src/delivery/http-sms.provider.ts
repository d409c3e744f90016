import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@city/platform-config';
import type { NotificationConfig } from '../config';
import { PermanentDeliveryError } from './delivery-errors';
import { SmsProvider, type OutgoingSms } from './sms.provider';

/**
 * Text messages through an SMS provider's HTTP API: one JSON POST per message with a bearer token,
 * and the delivery id as the idempotency key, so a retried message is sent once by a provider that
 * honours it. A 4xx answer (but 408 and 429) is permanent; 5xx, 408, 429 and no answer are retried.
 * Another provider is another adapter with the same `send`.
 */
@Injectable()
export class HttpSmsProvider extends SmsProvider {
  constructor(@Inject(APP_CONFIG) private readonly config: NotificationConfig) {
    super();
  }

  async send(m: OutgoingSms): Promise<string> {
    const res = await fetch(this.config.SMS_PROVIDER_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${this.config.SMS_PROVIDER_TOKEN}`,
        'idempotency-key': m.deliveryId,
      },
      body: JSON.stringify({
        from: this.config.SMS_SENDER,
        to: m.to,
        text: m.text,
        clientReference: m.deliveryId,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = await res.text();
    if (res.ok) {
      try {
        return String((JSON.parse(body) as { id?: unknown }).id ?? m.deliveryId);
      } catch {
        return m.deliveryId;
      }
    }
    const detail = `SMS provider answered ${res.status}: ${body.slice(0, 200)}`;
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
      throw new PermanentDeliveryError(detail);
    throw new Error(detail);
  }
}
