import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiToken, Me, Organization } from '@clearinghouse/shared';

/**
 * A stand-in for the Clearinghouse API on 127.0.0.1, answering the few routes the CLI calls with
 * the contract's shapes, and recording every request so tests can check what was sent.
 */

export const EMAIL = 'alice@example.org';
export const PASSWORD = 'correct horse battery staple';
export const TOTP = '123456';
export const SESSION = 'ses-cookie-value-1';
export const CSRF = 'csrf-value-1';
export const SECRET = 'chp_abcdef0123456789secretsecret';

export const TOKEN: ApiToken = {
  id: 'tok_01JCLITEST00000000000000001',
  name: 'clearinghouse-cli on test',
  scope: 'write',
  prefix: 'chp_abcd',
  expiresAt: '2026-03-01T12:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  createdAt: '2025-12-01T12:00:00.000Z',
};

export function me(authenticatedBy: 'session' | 'token'): Me {
  return {
    id: 'usr_01JCLITEST00000000000000001',
    email: EMAIL,
    name: 'Alice Analyst',
    globalRoles: ['analyst'],
    clearance: 'none',
    compartments: [],
    totpEnabled: false,
    mfaEnrollmentRequired: false,
    memberships: [
      {
        organization: { id: 'org_01JCLITEST00000000000000001', name: 'Acme AI', kind: 'vendor' },
        role: 'admin',
      },
    ],
    authenticatedBy,
    tokenScope: authenticatedBy === 'token' ? 'write' : null,
    csrfToken: authenticatedBy === 'session' ? CSRF : null,
  };
}

export function organization(n: number, overrides: Partial<Organization> = {}): Organization {
  return {
    id: `org_01JCLITEST0000000000000000${n}`,
    name: `Organization ${n}`,
    kind: 'vendor',
    sectors: [],
    website: null,
    contactEmail: null,
    clients: [],
    verifiedAt: null,
    createdAt: '2025-12-01T12:00:00.000Z',
    updatedAt: '2025-12-01T12:00:00.000Z',
    ...overrides,
  };
}

export const ORG_PAGES: Record<string, { items: Organization[]; nextCursor: string | null }> = {
  '': {
    items: [
      organization(1, {
        name: 'Acme AI',
        sectors: ['information_technology', 'energy'],
        verifiedAt: '2025-12-02T00:00:00.000Z',
      }),
      organization(2, { name: 'Water Works', kind: 'operator', sectors: ['water'] }),
    ],
    nextCursor: 'cursor-page-2',
  },
  'cursor-page-2': {
    items: [organization(3, { name: 'Gov CERT', kind: 'government' })],
    nextCursor: null,
  },
};

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
  /** Sent as is, instead of JSON. */
  raw?: string;
}

export interface FakeApi {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Require a two-factor code at login. */
  totp: boolean;
  /** Answer a request before the normal routes do (to imitate errors). */
  override: ((request: RecordedRequest) => Reply | undefined) | undefined;
  revoked: Set<string>;
  close(): Promise<void>;
}

export function apiError(status: number, code: string, message: string, details?: unknown): Reply {
  return {
    status,
    body: {
      error: { code, message, requestId: 'req_test0001', ...(details === undefined ? {} : { details }) },
    },
  };
}

export async function startFakeApi(): Promise<FakeApi> {
  const state: Omit<FakeApi, 'url' | 'close'> = {
    requests: [],
    totp: false,
    override: undefined,
    revoked: new Set(),
  };

  const route = (request: RecordedRequest): Reply => {
    const overridden = state.override?.(request);
    if (overridden !== undefined) return overridden;
    const bearer = request.headers.authorization === `Bearer ${SECRET}` && !state.revoked.has(TOKEN.id);
    const cookie = request.headers.cookie === `ch_session=${SESSION}`;
    const csrf = request.headers['x-csrf-token'] === CSRF;
    const key = `${request.method} ${request.path}`;
    switch (key) {
      case 'POST /api/v1/auth/login': {
        const body = JSON.parse(request.body) as { email?: string; password?: string; totp?: string };
        if (body.email !== EMAIL || body.password !== PASSWORD) {
          return apiError(401, 'invalid_credentials', 'Wrong e-mail or password.');
        }
        if (state.totp && body.totp === undefined)
          return apiError(401, 'totp_required', 'Two-factor code required.');
        if (state.totp && body.totp !== TOTP) return apiError(401, 'totp_invalid', 'Wrong two-factor code.');
        return {
          status: 200,
          body: me('session'),
          headers: {
            'Set-Cookie': ['ch_theme=dark; Path=/', `ch_session=${SESSION}; Path=/; HttpOnly; SameSite=Lax`],
          },
        };
      }
      case 'POST /api/v1/auth/logout':
        if (!cookie || !csrf) return apiError(403, 'csrf_failed', 'CSRF check failed.');
        return { status: 204 };
      case 'POST /api/v1/tokens':
        if (!cookie) return apiError(401, 'unauthenticated', 'Log in first.');
        if (!csrf) return apiError(403, 'csrf_failed', 'CSRF check failed.');
        return { status: 201, body: { token: TOKEN, secret: SECRET } };
      case 'GET /api/v1/tokens':
        if (!bearer) return apiError(401, 'unauthenticated', 'Log in first.');
        return { status: 200, body: { items: [TOKEN] } };
      case `DELETE /api/v1/tokens/${TOKEN.id}`:
        if (!bearer) return apiError(401, 'unauthenticated', 'Log in first.');
        state.revoked.add(TOKEN.id);
        return { status: 204 };
      case 'GET /api/v1/me':
        if (!bearer) return apiError(401, 'unauthenticated', 'Log in first.');
        return { status: 200, body: me('token') };
      case 'GET /api/v1/orgs': {
        if (!bearer) return apiError(401, 'unauthenticated', 'Log in first.');
        const page = ORG_PAGES[request.query.get('cursor') ?? ''];
        return page === undefined
          ? apiError(422, 'validation_failed', 'Bad cursor.')
          : { status: 200, body: page };
      }
      default:
        return apiError(404, 'not_found', `No route ${key}.`);
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      state.requests.push(request);
      const reply = route(request);
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      if (reply.raw !== undefined) {
        res.writeHead(reply.status, { 'Content-Type': 'text/html' }).end(reply.raw);
      } else if (reply.body === undefined) {
        res.writeHead(reply.status).end();
      } else {
        res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.body));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  });
}
