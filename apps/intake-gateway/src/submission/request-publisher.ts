import type { RequestReceivedV1 } from '@city/contracts';

/**
 * Puts a request on the intake topic (the port), under `key`; resolves once the broker acknowledged
 * it (acks=all) and rejects when it did not: nothing is acknowledged to a citizen that was not.
 */
export abstract class RequestPublisher {
  abstract publish(key: string, event: RequestReceivedV1): Promise<void>;
}
