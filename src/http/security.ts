// Response headers every answer carries: a Content-Security-Policy the dashboard and the API docs work under,
// no MIME sniffing, no framing, no referrer leaving the site, and HSTS when the request came over HTTPS.
import type { App } from './types.ts';

/**
 * Scripts only from this server (the built dashboard and Swagger UI load theirs as files). Styles allow inline
 * because ECharts' tooltips and Swagger UI write style attributes; images allow data: URLs (icons in CSS).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A year, as browsers' preload lists expect. Sent only on HTTPS answers (RFC 6797 ignores it over HTTP). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

const FIXED_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

export function registerSecurityHeaders(app: App): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    for (const [name, value] of Object.entries(FIXED_HEADERS)) void reply.header(name, value);
    // request.protocol is the forwarded one only when TENURE_TRUST_PROXY trusts the proxy that says so.
    if (request.protocol === 'https') void reply.header('strict-transport-security', STRICT_TRANSPORT_SECURITY);
    done(null, payload);
  });
}
