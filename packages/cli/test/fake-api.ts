import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ApiToken,
  Me,
  Organization,
  Report,
  ReportSubmitted,
  ReportSummary,
  SarifSubmitted,
} from '@clearinghouse/shared';

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

export const FOLLOWUP_SECRET = 'chf_followup0123456789abcdefghij';

/** A report as GET /api/v1/reports/:id returns it: validated, accepted, with a conversation. */
export function report(overrides: Partial<Report> = {}): Report {
  return {
    id: 'rpt_01JCLITEST00000000000000001',
    ref: 'VR-2025-00042',
    title: 'SQL injection in the login form of Acme Portal',
    status: 'accepted',
    tlp: 'AMBER',
    discoveryMethod: 'manual',
    source: 'api',
    exploitedInWild: false,
    restricted: false,
    assignee: { id: 'usr_01JCLITEST00000000000000002', name: 'Bob Analyst' },
    responseTimes: {
      firstResponseDueAt: '2025-12-02T12:00:00.000Z',
      firstResponseAt: '2025-12-01T15:30:00.000Z',
      firstResponseOverdue: false,
      triageDueAt: '2025-12-04T12:00:00.000Z',
      triagedAt: null,
      triageOverdue: true,
    },
    caseId: 'case_01JCLITEST00000000000000001',
    createdAt: '2025-12-01T12:00:00.000Z',
    updatedAt: '2025-12-05T12:00:00.000Z',
    description: 'The username field is concatenated into a SQL query.',
    affectedProducts: [{ vendor: 'Acme', product: 'Portal', versions: '< 4.2.1' }],
    suspectedCwe: 'CWE-89',
    suggestedCvss: null,
    aiProvenance: null,
    toolProvenance: null,
    vendorContacted: false,
    publiclyKnown: false,
    sectors: ['healthcare'],
    requestedTlp: 'AMBER',
    credit: { preference: 'anonymous' },
    reporter: null,
    statusReason: null,
    duplicateOf: null,
    caseRef: 'CH-2026-0001',
    validation: {
      id: 'val_01JCLITEST00000000000000001',
      cvss31: {
        version: '3.1',
        vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        baseScore: 9.8,
        severity: 'CRITICAL',
      },
      cvss40: null,
      ssvc: {
        exploitation: 'public_poc',
        automatable: 'yes',
        technicalImpact: 'total',
        missionWellbeing: 'high',
        decision: 'act',
        vector: 'SSVCv2/E:P/A:Y/T:T/M:H/D:C/',
      },
      cwe: { id: 'CWE-89', name: 'SQL Injection' },
      reproductionNotes: '',
      reproduced: true,
      evidenceAttachmentIds: [],
      validatedBy: { id: 'usr_01JCLITEST00000000000000002', name: 'Bob Analyst' },
      createdAt: '2025-12-03T12:00:00.000Z',
    },
    attachments: [],
    messages: [
      ...[1, 2, 3, 4, 5, 6].map((n) => ({
        id: `msg_${n}`,
        author: n % 2 === 1 ? 'Reporter' : 'Bob Analyst',
        authorKind: n % 2 === 1 ? ('reporter' as const) : ('clearinghouse' as const),
        internal: false,
        body: `Message number ${n}.`,
        createdAt: `2025-12-0${n}T13:00:00.000Z`,
      })),
      {
        id: 'msg_internal',
        author: 'Bob Analyst',
        authorKind: 'clearinghouse',
        internal: true,
        body: 'Internal note: do not show.',
        createdAt: '2025-12-06T14:00:00.000Z',
      },
    ],
    allowedTransitions: ['closed'],
    namedUserIds: [],
    ...overrides,
  };
}

export function reportSummary(n: number, overrides: Partial<ReportSummary> = {}): ReportSummary {
  const { id, ref, title, status, tlp, discoveryMethod, source, exploitedInWild, restricted, assignee } =
    report();
  return {
    ...{ id, ref, title, status, tlp, discoveryMethod, source, exploitedInWild, restricted, assignee },
    id: `rpt_01JCLITEST0000000000000000${n}`,
    ref: `VR-2025-0000${n}`,
    title: `Report number ${n}`,
    status: 'received',
    responseTimes: { ...report().responseTimes, triageOverdue: false },
    caseId: null,
    createdAt: '2025-12-01T12:00:00.000Z',
    updatedAt: '2025-12-01T12:00:00.000Z',
    ...overrides,
  };
}

export const REPORT_LIST: ReportSummary[] = [
  reportSummary(3, {
    title: 'A very long title that goes on and on, describing the flaw in far more words than fit',
    responseTimes: { ...report().responseTimes, firstResponseOverdue: true },
  }),
  reportSummary(2, { status: 'valid', tlp: 'RED' }),
  reportSummary(1),
];

export const SUBMITTED: ReportSubmitted = {
  id: 'rpt_01JCLITEST00000000000000009',
  ref: 'VR-2025-00099',
  status: 'received',
  followUpSecret: null,
  acknowledgementSentTo: EMAIL,
};

export const SARIF_SUBMITTED: Omit<SarifSubmitted, 'resultCount'> = {
  reports: [
    {
      ...SUBMITTED,
      id: 'rpt_01JCLITEST00000000000000010',
      ref: 'VR-2025-00100',
      acknowledgementSentTo: null,
    },
    {
      ...SUBMITTED,
      id: 'rpt_01JCLITEST00000000000000011',
      ref: 'VR-2025-00101',
      acknowledgementSentTo: null,
    },
  ],
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
    const reportPath = /^\/api\/v1\/reports\/([^/]+)$/.exec(request.path);
    if (request.method === 'GET' && reportPath !== null) {
      if (!bearer) return apiError(401, 'unauthenticated', 'Log in first.');
      const found = report();
      const wanted = decodeURIComponent(reportPath[1] ?? '');
      return wanted === found.id || wanted === found.ref
        ? { status: 200, body: found }
        : apiError(404, 'not_found', `Report ${wanted} not found.`);
    }
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
      case 'POST /api/v1/reports': {
        if (request.headers.authorization !== undefined && !bearer) {
          return apiError(401, 'unauthenticated', 'Log in first.');
        }
        const body = JSON.parse(request.body) as { contactEmail?: string | null };
        return {
          status: 201,
          body: bearer
            ? SUBMITTED
            : {
                ...SUBMITTED,
                followUpSecret: FOLLOWUP_SECRET,
                acknowledgementSentTo: body.contactEmail ?? null,
              },
        };
      }
      case 'POST /api/v1/reports/sarif': {
        if (!bearer) return apiError(401, 'unauthenticated', 'Log in first.');
        const type = request.headers['content-type'] ?? '';
        if (type !== 'application/sarif+json' && type !== 'application/json') {
          return apiError(415, 'unsupported_media_type', 'Send SARIF as application/sarif+json.');
        }
        const sarif = JSON.parse(request.body) as { runs: { results?: unknown[] }[] };
        const resultCount = sarif.runs.reduce((sum, run) => sum + (run.results?.length ?? 0), 0);
        return { status: 201, body: { ...SARIF_SUBMITTED, resultCount } };
      }
      case 'GET /api/v1/reports': {
        if (!bearer) return apiError(401, 'unauthenticated', 'Log in first.');
        const start = Number(request.query.get('cursor') ?? '0');
        const limit = Number(request.query.get('limit') ?? '50');
        const end = start + limit;
        return {
          status: 200,
          body: {
            items: REPORT_LIST.slice(start, end),
            nextCursor: end < REPORT_LIST.length ? String(end) : null,
          },
        };
      }
      case 'GET /api/v1/followup/report':
        if (request.headers['x-followup-secret'] !== FOLLOWUP_SECRET) {
          return apiError(401, 'unauthenticated', 'That follow-up secret does not match any report.');
        }
        return { status: 200, body: report({ status: 'received', caseId: null, validation: null }) };
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
