import { createHmac } from 'node:crypto';

/** The demo switch's shared secret (demo/clients.yaml). */
export const DEMO_TELEPHONY_SECRET = 'demo-telephony-secret';

/**
 * The telephony switch puts a call through to an agent: its signed webhook to the gateway, as the
 * gateway checks it (HMAC-SHA256 of `<unix seconds>.<raw body>`).
 */
export function telephonyCallStarted(
  gatewayUrl: string,
  call: { callId: string; callerNumber: string; agentId: string; queue: string },
  secret = DEMO_TELEPHONY_SECRET,
): Promise<Response> {
  const body = JSON.stringify({ event: 'call.started', ...call });
  const at = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', secret).update(`${at}.${body}`).digest('hex');
  return fetch(`${gatewayUrl}/api/v1/phone/telephony/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-telephony-timestamp': String(at),
      'x-telephony-signature': `sha256=${signature}`,
    },
    body,
  });
}
