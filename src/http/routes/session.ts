// Password sign-in: an HTTP-only, SameSite=Strict session cookie and a CSRF token for state-changing requests.
import { Type } from 'typebox';
import { checkPassword, endSession, SESSION_DAYS, startSession } from '../../services/users.ts';
import { SESSION_COOKIE } from '../auth.ts';
import { HttpProblem } from '../problem.ts';
import { Nullable } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

const UserSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  role: Type.Union([Type.Literal('admin'), Type.Literal('csm'), Type.Literal('viewer')]),
});
const SessionSchema = Type.Object({ user: UserSchema, csrfToken: Type.String() });

export function sessionRoutes(
  app: App,
  {
    ctx,
    signInRateLimit,
    forgetSession,
  }: RouteDeps & { signInRateLimit: number; forgetSession: (cookie: string) => void },
): void {
  app.post(
    '/api/v1/session',
    {
      config: {
        access: 'public',
        // Per client address and email, counted after the body is parsed: guessing one account's password is slow.
        rateLimit: {
          max: signInRateLimit,
          timeWindow: '1 minute',
          hook: 'preHandler',
          keyGenerator: (request) => {
            const body = request.body as { email?: unknown } | undefined;
            return `${request.ip}|${typeof body?.email === 'string' ? body.email.trim().toLowerCase() : ''}`;
          },
        },
      },
      schema: {
        summary: 'Sign in with email and password; sets the session cookie',
        tags: ['session'],
        security: [],
        body: Type.Object({ email: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 1024 }) }),
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      const user = await checkPassword({ ctx, email: request.body.email, password: request.body.password });
      if (!user) throw new HttpProblem(401, 'The email or password is not right.');
      const { cookie, session } = await startSession({ ctx, user });
      void reply.setCookie(SESSION_COOKIE, cookie, {
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        path: '/',
        maxAge: SESSION_DAYS * 86_400,
      });
      return { user: session.user, csrfToken: session.csrfToken };
    },
  );
  app.get(
    '/api/v1/session',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Who is calling: the signed-in user and CSRF token, or the API key',
        tags: ['session'],
        response: {
          200: Type.Object({
            user: Nullable(UserSchema),
            csrfToken: Nullable(Type.String()),
            key: Nullable(Type.Object({ name: Type.String(), prefix: Type.String(), scope: Type.String() })),
          }),
        },
      },
    },
    (request) => {
      const principal = request.principal;
      if (principal?.kind === 'user') return { user: principal.user, csrfToken: principal.csrfToken, key: null };
      if (principal?.kind === 'key') {
        const { name, prefix, scope } = principal.key;
        return { user: null, csrfToken: null, key: { name, prefix, scope } };
      }
      throw new HttpProblem(401, 'Not signed in.');
    },
  );
  app.delete(
    '/api/v1/session',
    { config: { access: 'read' }, schema: { summary: 'Sign out', tags: ['session'] } },
    async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind === 'user') {
        await endSession({ ctx, cookie: principal.sessionCookie });
        forgetSession(principal.sessionCookie);
      }
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );
}
