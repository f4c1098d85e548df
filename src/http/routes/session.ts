// Password sign-in: an HTTP-only, SameSite=Strict session cookie and a CSRF token for state-changing requests.
import { Type } from 'typebox';
import { checkPassword, endSession, SESSION_DAYS, startSession } from '../../services/users.ts';
import { SESSION_COOKIE } from '../auth.ts';
import { HttpProblem } from '../problem.ts';
import type { App, RouteDeps } from '../types.ts';

const UserSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  role: Type.Union([Type.Literal('admin'), Type.Literal('csm'), Type.Literal('viewer')]),
});
const SessionSchema = Type.Object({ user: UserSchema, csrfToken: Type.String() });

export function sessionRoutes(app: App, { ctx, signInRateLimit }: RouteDeps & { signInRateLimit: number }): void {
  app.post(
    '/api/v1/session',
    {
      config: { access: 'public', rateLimit: { max: signInRateLimit, timeWindow: '1 minute' } },
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
      schema: { summary: 'The signed-in user and the CSRF token', tags: ['session'], response: { 200: SessionSchema } },
    },
    (request) => {
      const principal = request.principal;
      if (principal?.kind !== 'user') throw new HttpProblem(401, 'No session: this request used an API key.');
      return { user: principal.user, csrfToken: principal.csrfToken };
    },
  );
  app.delete(
    '/api/v1/session',
    { config: { access: 'read' }, schema: { summary: 'Sign out', tags: ['session'] } },
    async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind === 'user') await endSession({ ctx, cookie: principal.sessionCookie });
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );
}
