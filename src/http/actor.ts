// Who a request acts as, for the audit log: the signed-in user or the API key.
import type { FastifyRequest } from 'fastify';
import type { Actor, ServiceContext } from '../services/context.ts';

export function actorOf(request: FastifyRequest): Actor {
  const p = request.principal;
  if (p?.kind === 'user') return { kind: 'user', id: String(p.user.id), label: p.user.email };
  if (p?.kind === 'key') return { kind: 'api_key', id: String(p.key.id), label: `${p.key.name} (${p.key.prefix})` };
  return { kind: 'system', id: null, label: 'anonymous' };
}

/** The route's context with the caller as actor: pass it to every write verb. */
export const requestContext = (ctx: ServiceContext, request: FastifyRequest): ServiceContext => ({
  ...ctx,
  actor: actorOf(request),
});
