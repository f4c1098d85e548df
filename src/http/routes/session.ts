// Password sign-in: an HTTP-only, SameSite=Strict session cookie (Secure over HTTPS) and a CSRF token for
// state-changing requests. Attempts pass the sign-in guard first (limits per address, slowing per account).
import { Caller, Session, SignInBody } from '../../contract/session.ts';
import { checkPassword, endSession, SESSION_DAYS, startSession } from '../../services/users.ts';
import { SESSION_COOKIE } from '../auth.ts';
import { HttpProblem } from '../problem.ts';
import { NoContent, problems } from '../schemas.ts';
import type { SignInGuard } from '../sign-in-guard.ts';
import type { App, RouteDeps } from '../types.ts';

export function sessionRoutes(
  app: App,
  {
    ctx,
    signInGuard,
    forgetSession,
  }: RouteDeps & { signInGuard: SignInGuard; forgetSession: (cookie: string) => void },
): void {
  app.post(
    '/api/v1/session',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Sign in with email and password; sets the session cookie',
        tags: ['session'],
        security: [],
        body: SignInBody,
        response: { 200: Session, ...problems(401, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const waitSeconds = signInGuard.admit(request.ip, email);
      if (waitSeconds !== null) {
        void reply.header('retry-after', String(waitSeconds));
        throw new HttpProblem(429, `Too many sign-in attempts from this address: try again in ${waitSeconds} s.`);
      }
      await signInGuard.slowDown(email);
      const user = await checkPassword({ ctx, email, password });
      if (!user) {
        signInGuard.failed(email);
        throw new HttpProblem(401, 'The email or password is not right.');
      }
      signInGuard.succeeded(email);
      const { cookie, session } = await startSession({ ctx, user });
      void reply.setCookie(SESSION_COOKIE, cookie, {
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        path: '/',
        maxAge: SESSION_DAYS * 86_400,
      });
      const { id, name, role } = session.user;
      return { user: { id, email: session.user.email, name, role }, csrfToken: session.csrfToken };
    },
  );
  app.get(
    '/api/v1/session',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Who is calling: the signed-in user and CSRF token, or the API key',
        tags: ['session'],
        response: { 200: Caller },
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
    {
      config: { access: 'read' },
      schema: { summary: 'Sign out', tags: ['session'], response: { 204: NoContent } },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind === 'user') {
        await endSession({ ctx, cookie: principal.sessionCookie });
        forgetSession(principal.sessionCookie);
      }
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );
}
