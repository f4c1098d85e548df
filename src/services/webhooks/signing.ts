// Standard Webhooks signatures: webhook-signature is "v1," + base64(HMAC-SHA256(key, "id.timestamp.body")), the key
// being the base64 after "whsec_" in the endpoint's secret.
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new endpoint secret: 'whsec_' + base64 of 24 random bytes. */
export const newSecret = (): string => `${PREFIX}${randomBytes(24).toString('base64')}`;

export function sign(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  const mac = createHmac('sha256', key).update(`${messageId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The headers of one signed request. */
export function signedHeaders(secret: string, messageId: string, timestampSeconds: number, body: string) {
  return {
    'content-type': 'application/json',
    'user-agent': 'Tenure-Webhooks/1',
    'webhook-id': messageId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': sign(secret, messageId, timestampSeconds, body),
  };
}
