// Signed, expiring links for people who do not sign in (a survey invitation, a shared report): a token carries
// what it grants (purpose and subject) and until when, with an HMAC-SHA256 of both under Tenure's secret
// (TENURE_SECRET, or one generated once and kept in the store). Nothing about the token is stored.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { storedSecret } from '../store/signing-secret.ts';
import { db, type ServiceContext } from './context.ts';

export interface LinkGrant {
  /** What the link is for, e.g. 'survey'; a token of one purpose is never valid for another. */
  purpose: string;
  /** What it names within that purpose, e.g. an invitation id. */
  subject: string;
  expiresAt: Date;
}

export type LinkCheck =
  | { ok: true; subject: string; expiresAt: Date }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'expired'; subject: string; expiresAt: Date };

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** The secret links are signed with. */
export async function signingSecret(ctx: ServiceContext): Promise<string> {
  if (ctx.config.secret) return ctx.config.secret;
  return storedSecret(db(ctx), randomBytes(32).toString('hex'));
}

const mac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest();

/** A URL-safe token: base64url(JSON of purpose, subject, expiry) "." base64url(HMAC). */
export function signToken(secret: string, grant: LinkGrant): string {
  const body = b64(
    JSON.stringify({ p: grant.purpose, s: grant.subject, e: Math.floor(grant.expiresAt.getTime() / 1000) }),
  );
  return `${body}.${b64(mac(secret, body))}`;
}

/** Checks a token's signature, purpose and expiry at `now`. */
export function verifyToken(secret: string, purpose: string, token: string, now: Date): LinkCheck {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined || body.length > 2000) return { ok: false, reason: 'invalid' };
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const { p, s, e } = (claims ?? {}) as { p?: unknown; s?: unknown; e?: unknown };
  if (p !== purpose || typeof s !== 'string' || typeof e !== 'number') return { ok: false, reason: 'invalid' };
  const expiresAt = new Date(e * 1000);
  if (expiresAt <= now) return { ok: false, reason: 'expired', subject: s, expiresAt };
  return { ok: true, subject: s, expiresAt };
}

/** Signs a link with the context's secret. */
export async function signLink(ctx: ServiceContext, grant: LinkGrant): Promise<string> {
  return signToken(await signingSecret(ctx), grant);
}

/** Verifies a link with the context's secret at the context's time. */
export async function verifyLink(ctx: ServiceContext, purpose: string, token: string): Promise<LinkCheck> {
  return verifyToken(await signingSecret(ctx), purpose, token, ctx.now());
}

/** An absolute URL on this server (TENURE_PUBLIC_URL) for a path. */
export const publicLink = (ctx: ServiceContext, path: string): string => `${ctx.config.publicUrl}${path}`;
