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

async function identify(ctx: ServiceContext, request: FastifyRequest, access: Access | undefined) {
  const key = presentedKey(request, access);
  if (key !== null) {
    const found = await verifyApiKey({ ctx, key });
    return found ? ({ kind: 'key', key: found } as const) : 'bad-key';
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const session = await findSession({ ctx, cookie });
  if (!session) return null;
  return { kind: 'user', user: session.user, csrfToken: session.csrfToken, sessionCookie: cookie } as const;
}

async function authorize(ctx: ServiceContext, request: FastifyRequest, reply: FastifyReply) {
  request.principal = null;
  if (request.is404) return;
  const access = request.routeOptions.config.access;
  if (access === 'public') {
    const found = await identify(ctx, request, access);
    if (found !== null && found !== 'bad-key') request.principal = found;
    return;
  }
  const found = await identify(ctx, request, access);
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

export function registerAuth(app: App, ctx: ServiceContext): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', (request, reply) => authorize(ctx, request, reply));
}
