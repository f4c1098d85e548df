// The shared value report, /r/:token (HTML) and /r/:token.pdf or ?format=pdf: no sign-in, and nothing else is
// reachable from it: the page has no links or scripts, and its CSP lets it load nothing but its own inline styles.
// Requests are limited per client address, so tokens cannot be tried at speed.
import { Type } from 'typebox';
import { renderLinkProblem } from '../../core/value/html.ts';
import { openValueShareLink, sharedReportBody } from '../../services/value/share.ts';
import type { App, RouteDeps } from '../types.ts';

export const SHARED_REPORT_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// A wildcard, not a :token parameter: router parameters stop at 100 characters and tokens are longer.
const Params = Type.Object({ '*': Type.String({ maxLength: 2100 }) });
const Query = Type.Object({ format: Type.Optional(Type.String({ maxLength: 10 })) });

/** Requests per client address per minute on /r/*: a person reads a report in a few; a token guesser needs many. */
export const SHARE_RATE_LIMIT = 60;

export function valueShareRoutes(
  app: App,
  { ctx, perMinute = SHARE_RATE_LIMIT }: Pick<RouteDeps, 'ctx'> & { perMinute?: number },
): void {
  void app.register((scope: App, _options, registered) => {
    // Runs after the app's own onSend hook, so this stricter policy is the one sent.
    scope.addHook('onSend', (_request, reply, payload, done) => {
      void reply.header('content-security-policy', SHARED_REPORT_CSP);
      void reply.header('cache-control', 'no-store');
      void reply.header('referrer-policy', 'no-referrer');
      void reply.header('x-robots-tag', 'noindex, nofollow');
      done(null, payload);
    });
    scope.get(
      '/r/*',
      {
        // Per client address (request.ip: the forwarded one behind a trusted proxy); 429 with Retry-After beyond.
        config: { access: 'public', rateLimit: { max: perMinute, timeWindow: 60_000 } },
        schema: { hide: true, params: Params, querystring: Query },
      },
      async (request, reply) => {
        const raw = request.params['*'];
        const pdf = raw.endsWith('.pdf') || request.query.format === 'pdf';
        const token = raw.endsWith('.pdf') ? raw.slice(0, -4) : raw;
        const shared = await openValueShareLink({ ctx, token });
        if (shared.state !== 'ok') {
          // Gone for good (expired, withdrawn) is 410; a link that never was one is 404.
          const status = shared.state === 'invalid' ? 404 : 410;
          return reply.code(status).type('text/html; charset=utf-8').send(renderLinkProblem(shared.state));
        }
        const body = await sharedReportBody(shared.model, pdf ? 'pdf' : 'html');
        if (pdf) void reply.header('content-disposition', 'inline; filename="value-report.pdf"');
        return reply.type(pdf ? 'application/pdf' : 'text/html; charset=utf-8').send(body);
      },
    );
    registered();
  });
}
