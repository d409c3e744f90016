export interface OutgoingSms {
  /** Also the idempotency key, so a retried message is sent once by a provider that honours it. */
  deliveryId: string;
  to: string;
  text: string;
}

/**
 * Sends a text message (the port); the provider's message id when it took it. Throws
 * PermanentDeliveryError when it refused the message for good; any other error is worth a retry.
 * Another provider is another adapter with the same `send`.
 */
export abstract class SmsProvider {
  abstract send(m: OutgoingSms): Promise<string>;
}
