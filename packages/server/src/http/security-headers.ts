import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers from helmet, computed once at start-up instead of on every request (they do
 * not vary: no CSP nonces), and set with a single call per response.
 */
/**
 * The content security policy of the web app. `upgrade-insecure-requests` only when served over
 * https: on a plain-http intranet address it would send the browser to an https that isn't there.
 */
export function cspDirectives(https: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    // Style sheets only from us; style="" attributes (used by some USWDS components) allowed.
    'style-src': ["'self'"],
    'style-src-attr': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

export function installSecurityHeaders(app: FastifyInstance, opts: { hsts: boolean }): void {
  const middleware = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(opts.hsts) },
    strictTransportSecurity: opts.hsts,
    crossOriginEmbedderPolicy: false,
  });
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader() {
      // helmet removes X-Powered-By, which Fastify never sends.
    },
  };
  middleware({} as unknown as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  if (Object.keys(headers).length === 0) throw new Error('helmet produced no headers');

  // JSON API answers get the smaller set OWASP recommends for APIs: nothing may render, frame
  // or cache them (they carry secrets), which also keeps every response lean.
  const apiHeaders: Record<string, string> = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    ...(headers['strict-transport-security']
      ? { 'strict-transport-security': headers['strict-transport-security'] }
      : {}),
  };

  // One hook for every fixed header plus the request id, so clients can quote it in reports.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.headers(request.url.startsWith('/api/') ? apiHeaders : headers);
    void reply.header('x-request-id', request.id);
    done();
  });
}
