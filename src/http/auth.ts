// Authentication and authorization for every request: a route is denied unless it names who may call it
// (`config.access`) and the caller is that. Sessions (cookie) carry a CSRF token that state changes must echo.
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../services/context.ts';
import { verifyApiKey } from '../services/api-keys.ts';
import { findSession, sameToken } from '../services/users.ts';
import { sendProblem } from './problem.ts';
import type { Access, App, Principal } from './types.ts';

export const SESSION_COOKIE = 'tenure_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a caller may use a route with this access level. */
export function allows(principal: Principal, access: Access): boolean {
  if (access === 'public') return true;
  if (principal.kind === 'key') {
    const scope = principal.key.scope;
    if (access === 'ingest') return scope === 'ingest';
    if (access === 'read') return scope === 'read' || scope === 'write';
    if (access === 'write') return scope === 'write';
    return false;
  }
  const role = principal.user.role;
  if (access === 'read') return true;
  if (access === 'write') return role === 'csm' || role === 'admin';
  if (access === 'admin') return role === 'admin';
  return false;
}

/** The key in `Authorization: Bearer <key>`, or for ingest routes also Basic with the key as username. */
function presentedKey(request: FastifyRequest, access: Access | undefined): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const [scheme, value] = header.split(/\s+/, 2);
  if (!value) return null;
  if (scheme?.toLowerCase() === 'bearer') return value;
  if (scheme?.toLowerCase() === 'basic' && access === 'ingest') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? decoded : decoded.slice(0, colon);
  }
  return null;
}

/**
 * Verified credentials, remembered for a few seconds so a busy client does not cost a store query per request.
 * Sign-out forgets its session at once; a key revoked from another process stops working within CREDENTIAL_TTL_MS.
 */
export const CREDENTIAL_TTL_MS = 10_000;
const MAX_REMEMBERED = 10_000;
type Identity = Principal | 'bad-key' | null;

function credentialMemory() {
  const remembered = new Map<string, { identity: Identity; until: number }>();
  return {
    get(credential: string): Identity | undefined {
      const hit = remembered.get(credential);
      if (hit && hit.until > performance.now()) return hit.identity;
      remembered.delete(credential);
      return undefined;
    },
    set(credential: string, identity: Identity) {
      if (remembered.size >= MAX_REMEMBERED) remembered.clear();
      remembered.set(credential, { identity, until: performance.now() + CREDENTIAL_TTL_MS });
    },
    forget: (credential: string) => remembered.delete(credential),
    forgetAll: () => {
      remembered.clear();
    },
  };
}
type CredentialMemory = ReturnType<typeof credentialMemory>;

async function lookUp(ctx: ServiceContext, credential: { key: string } | { cookie: string }): Promise<Identity> {
  if ('key' in credential) {
    const found = await verifyApiKey({ ctx, key: credential.key });
    return found ? { kind: 'key', key: found } : 'bad-key';
  }
  const session = await findSession({ ctx, cookie: credential.cookie });
  if (!session) return null;
  return { kind: 'user', user: session.user, csrfToken: session.csrfToken, sessionCookie: credential.cookie };
}

async function identify(ctx: ServiceContext, memory: CredentialMemory, request: FastifyRequest, access: Access) {
  const key = presentedKey(request, access);
  const cookie = request.cookies[SESSION_COOKIE];
  if (key === null && !cookie) return null;
  const credential = key !== null ? { key } : { cookie: cookie ?? '' };
  const id = key !== null ? `key:${key}` : `session:${cookie ?? ''}`;
  const known = memory.get(id);
  if (known !== undefined) return known;
  const identity = await lookUp(ctx, credential);
  memory.set(id, identity);
  return identity;
}

async function authorize(ctx: ServiceContext, memory: CredentialMemory, request: FastifyRequest, reply: FastifyReply) {
  request.principal = null;
  if (request.is404) return;
  const access = request.routeOptions.config.access;
  if (access === 'public') return;
  const found =
    access === undefined ? await identify(ctx, memory, request, 'read') : await identify(ctx, memory, request, access);
  if (found === 'bad-key') return sendProblem(reply, request, 401, 'The API key is unknown or revoked.');
  if (found === null) {
    const how =
      access === 'ingest'
        ? 'Send an ingest API key (Basic username or Bearer).'
        : 'Sign in, or send an API key as "Authorization: Bearer <key>".';
    return sendProblem(reply, request, 401, `This resource needs authentication. ${how}`);
  }
  request.principal = found;
  if (access === undefined || !allows(found, access)) {
    const who = found.kind === 'key' ? `an API key with scope "${found.key.scope}"` : `the role "${found.user.role}"`;
    return sendProblem(
      reply,
      request,
      403,
      `${who} may not ${request.method} ${request.routeOptions.url ?? request.url}.`,
    );
  }
  if (found.kind === 'user' && !SAFE_METHODS.has(request.method)) {
    const token = request.headers[CSRF_HEADER];
    if (typeof token !== 'string' || !sameToken(token, found.csrfToken)) {
      return sendProblem(
        reply,
        request,
        403,
        `Missing or wrong ${CSRF_HEADER} header: send the csrfToken returned at sign-in.`,
      );
    }
  }
}

/**
 * Adds the hook; returns functions that forget a session at once (sign-out), or every remembered credential
 * (a key revoked, a user deactivated or given another role).
 */
export function registerAuth(
  app: App,
  ctx: ServiceContext,
): { forgetSession: (cookie: string) => void; forgetAll: () => void } {
  const memory = credentialMemory();
  app.decorateRequest('principal', null);
  app.addHook('onRequest', (request, reply) => authorize(ctx, memory, request, reply));
  return { forgetSession: (cookie) => memory.forget(`session:${cookie}`), forgetAll: memory.forgetAll };
}
