import type { GlobalRole, OrganizationKind, OrgRole, TokenScope } from '@clearinghouse/shared';
import type { LightMyRequestResponse } from 'fastify';
import { system } from '../../src/policy/principal.js';
import { totpAt } from '../../src/modules/identity/totp.js';
import type { Harness } from './harness.js';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  totpSecret?: string;
}

export async function buildOrg(h: Harness, overrides: { name?: string; kind?: OrganizationKind } = {}) {
  return h.c.services.organizations.createOrganization(system('test'), {
    name: overrides.name ?? `Org ${unique()}`,
    kind: overrides.kind ?? 'vendor',
    sectors: ['healthcare'],
  });
}

/** A user, optionally in an organization, with global roles (and two-factor enrolled for staff). */
export async function buildUser(
  h: Harness,
  overrides: {
    email?: string;
    roles?: GlobalRole[];
    orgId?: string;
    orgRole?: OrgRole;
    withTotp?: boolean;
  } = {},
): Promise<TestUser> {
  const email = overrides.email ?? `user-${unique()}@example.test`;
  const roles = overrides.roles ?? [];
  const { user } = await h.c.services.users.createUser(system('test'), {
    email,
    name: `Test ${email.split('@')[0] ?? ''}`,
    password: TEST_PASSWORD,
    globalRoles: roles,
    ...(overrides.orgId ? { organizationId: overrides.orgId, orgRole: overrides.orgRole ?? 'member' } : {}),
  });
  const result: TestUser = { id: user.id, email, password: TEST_PASSWORD };
  if (overrides.withTotp ?? roles.length > 0) {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await h.c.uow.transaction((r) =>
      r.users.update(
        user.id,
        { totpSecret: secret, totpEnabledAt: h.clock.now().toISOString() },
        h.clock.now().toISOString(),
      ),
    );
    result.totpSecret = secret;
  }
  return result;
}

export interface Session {
  cookie: string;
  csrf: string;
}

/**
 * A two-factor code is accepted once per 30-second step, and the server allows one step of drift
 * either way: successive sign-ins in a test use the current, next and previous step's codes.
 */
const totpOffsets = new Map<string, number>();
/**
 * Current step first, then the next, the previous last: a slow machine that crosses a step
 * boundary between making a code and the server checking it still lands within the drift.
 */
const OFFSET_ORDER = [0, 1, -1];
export function nextTotp(user: TestUser): string {
  const used = totpOffsets.get(user.email) ?? 0;
  const offset = OFFSET_ORDER[used];
  if (offset === undefined)
    throw new Error(`more than three two-factor sign-ins for ${user.email} in one test`);
  totpOffsets.set(user.email, used + 1);
  return totpAt(user.totpSecret ?? '', offset);
}

export async function login(h: Harness, user: TestUser): Promise<Session> {
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: {
      email: user.email,
      password: user.password,
      ...(user.totpSecret ? { totp: nextTotp(user) } : {}),
    },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'ch_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `ch_session=${cookie.value}`, csrf: res.json<{ csrfToken: string }>().csrfToken };
}

export async function tokenFor(h: Harness, user: TestUser, scope: TokenScope = 'admin'): Promise<string> {
  const s = await login(h, user);
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    payload: { name: `test ${scope}`, scope },
  });
  if (res.statusCode !== 201) throw new Error(`token failed: ${res.statusCode} ${res.body}`);
  return res.json<{ secret: string }>().secret;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One API call as a token holder, a session, or nobody. */
export function api(
  h: Harness,
  method: Method,
  url: string,
  as?: string | Session,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (typeof as === 'string') headers.authorization = `Bearer ${as}`;
  else if (as) {
    headers.cookie = as.cookie;
    headers['x-csrf-token'] = as.csrf;
  }
  return h.app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}
