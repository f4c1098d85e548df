// Types shared by the HTTP app and its route modules.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
} from 'fastify';
import type { Server } from 'node:http';
import type { ServiceContext } from '../services/context.ts';
import type { ApiKey } from '../services/api-keys.ts';
import type { User } from '../services/users.ts';
import type { ReportCache } from '../services/report-cache.ts';

/** Who may call a route: nobody unless it says so (see auth.ts). */
export type Access = 'public' | 'read' | 'write' | 'admin' | 'ingest';

export type Principal =
  { kind: 'user'; user: User; csrfToken: string; sessionCookie: string } | { kind: 'key'; key: ApiKey };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Every route as registered (after scopes set their access), for the route-walking test and docs. */
    registeredRoutes: RegisteredRoute[];
    /** Forgets every remembered credential, so a revoked key or deactivated user is refused at once. */
    forgetCredentials: () => void;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  /** The live route options: read `route.config?.access` after the app is ready. */
  route: {
    config?: { access?: Access } | undefined;
    schema?: { hide?: boolean; querystring?: unknown; response?: unknown } | undefined;
  };
}

export type App = FastifyInstance<
  Server,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What every route module is handed: the service context and the report cache shared by the server's requests. */
export interface RouteDeps {
  ctx: ServiceContext;
  cache: ReportCache;
}
