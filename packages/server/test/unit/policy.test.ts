import { describe, expect, it } from 'vitest';
import type { GlobalRole, OrgRole, TokenScope } from '@clearinghouse/shared';
import { __testing, decide, type Action, type Labelled, type Resources } from '../../src/policy/policy.js';
import { anonymous, system, type Principal, type UserPrincipal } from '../../src/policy/principal.js';

function user(
  opts: {
    id?: string;
    roles?: GlobalRole[];
    orgs?: Record<string, OrgRole>;
    clearance?: UserPrincipal['clearance'];
    compartments?: string[];
    scope?: TokenScope;
    mfaPending?: boolean;
  } = {},
): UserPrincipal {
  return {
    kind: 'user',
    userId: opts.id ?? 'usr_me',
    email: 'me@example.test',
    globalRoles: new Set(opts.roles ?? []),
    memberships: new Map(Object.entries(opts.orgs ?? {})),
    clearance: opts.clearance ?? 'none',
    compartments: new Set(opts.compartments ?? []),
    auth: opts.scope
      ? { method: 'token', tokenId: 'tok_1', scope: opts.scope }
      : { method: 'session', sessionId: 'ses' },
    mfaEnrollmentRequired: opts.mfaPending ?? false,
    ip: null,
  };
}

const admin = user({ roles: ['admin'] });
const analyst = user({ roles: ['analyst'] });
const coordinator = user({ roles: ['coordinator'] });
const evaluatorSecret = user({ roles: ['evaluator'], clearance: 'secret', compartments: ['CYBER'] });
const evaluatorLow = user({ roles: ['evaluator'], clearance: 'controlled', compartments: ['CYBER'] });
const evaluatorNoCompartment = user({ roles: ['evaluator'], clearance: 'top_secret' });
const vendorAdmin = user({ id: 'usr_va', orgs: { org_vendor: 'admin' } });
const vendorMember = user({ id: 'usr_vm', orgs: { org_vendor: 'member' } });
const otherVendor = user({ id: 'usr_ov', orgs: { org_other: 'admin' } });
const operator = user({ id: 'usr_op', orgs: { org_operator: 'member' } });
const client = user({ id: 'usr_cl', orgs: { org_client: 'member' } });
const loner = user({ id: 'usr_lone' });
const anon = anonymous();

const amberLabel = (tlp: Labelled['tlp']): Labelled => ({
  tlp,
  sourceOrgId: 'org_vendor',
  recipientOrgIds: ['org_operator'],
  recipientClientOrgIds: ['org_client'],
  namedUserIds: ['usr_named'],
});
const named = user({ id: 'usr_named' });
const caseRes = { caseId: 'case_1', participantOrgIds: ['org_vendor'], participantUserIds: ['usr_reporter'] };
const reporter = user({ id: 'usr_reporter' });

function advisory(o: {
  shared?: boolean;
  released?: boolean;
  tlp?: Resources['advisory.read']['tlp'];
  restricted?: boolean;
}): Resources['advisory.read'] {
  return {
    participation: {
      ...caseRes,
      participantOrgIds: o.restricted ? [] : caseRes.participantOrgIds,
      restricted: o.restricted ?? false,
    },
    clientOrgIds: ['org_client'],
    tlp: o.tlp ?? 'AMBER',
    shared: o.shared ?? false,
    released: o.released ?? false,
  };
}

type Row = { [A in Action]: [A, Resources[A], Principal[], Principal[]] }[Action];

/** Every rule, with principals it must allow and principals it must deny. */
const me = user({ id: 'usr_me' });
const amberReport = {
  tlp: 'AMBER' as const,
  reporterUserId: 'usr_reporter',
  reporterOrgId: 'org_vendor',
  namedUserIds: [],
};
const redReport = {
  tlp: 'RED' as const,
  reporterUserId: 'usr_reporter',
  reporterOrgId: 'org_vendor',
  namedUserIds: ['usr_named'],
};
const namedAnalyst = user({ id: 'usr_named', roles: ['analyst'] });
const TABLE: Row[] = [
  [
    'account.manage',
    { userId: 'usr_me' },
    [me, user({ id: 'usr_me', roles: ['admin'], mfaPending: true })],
    [
      user({ id: 'usr_me', scope: 'admin' }),
      vendorAdmin,
      user({ id: 'usr_other_admin', roles: ['admin'] }),
      anon,
    ],
  ],
  ['org.create', { kind: 'vendor' }, [admin, vendorAdmin], [anon, loner]],
  ['org.create', { kind: 'clearinghouse' }, [admin], [vendorAdmin, analyst, anon]],
  ['org.list', {}, [admin, vendorMember, analyst], [anon, loner]],
  ['org.read', { orgId: 'org_vendor' }, [admin, vendorMember, otherVendor, coordinator], [anon, loner]],
  ['org.update', { orgId: 'org_vendor' }, [admin, vendorAdmin], [vendorMember, otherVendor, analyst, anon]],
  ['org.verify', { orgId: 'org_vendor' }, [admin], [vendorAdmin, analyst, coordinator, anon]],
  [
    'org.members.read',
    { orgId: 'org_vendor' },
    [admin, vendorAdmin, vendorMember],
    [otherVendor, analyst, anon],
  ],
  ['org.members.manage', { orgId: 'org_vendor' }, [admin, vendorAdmin], [vendorMember, otherVendor, anon]],
  [
    'org.invite',
    { orgId: 'org_vendor' },
    [admin, vendorAdmin],
    [vendorMember, otherVendor, coordinator, anon],
  ],
  ['user.list', {}, [admin], [analyst, vendorAdmin, anon]],
  ['user.manage', { userId: 'usr_x' }, [admin], [analyst, coordinator, vendorAdmin, anon]],
  [
    'token.create',
    { scope: 'admin' },
    [vendorMember, user({ scope: 'admin' })],
    [anon, user({ scope: 'write' })],
  ],
  ['token.list', { ownerId: 'usr_vm' }, [vendorMember], [vendorAdmin, admin, anon]],
  ['token.revoke', { ownerId: 'usr_vm' }, [vendorMember, admin], [vendorAdmin, otherVendor, anon]],
  ['audit.read', { orgId: null }, [admin], [analyst, vendorAdmin, anon]],
  ['audit.read', { orgId: 'org_vendor' }, [admin, vendorAdmin], [vendorMember, otherVendor, anon]],
  ['jobs.read', {}, [admin], [analyst, coordinator, vendorAdmin, anon]],
  ['object.read', amberLabel('CLEAR'), [anon, loner, vendorMember], []],
  ['object.read', amberLabel('GREEN'), [vendorMember, otherVendor, operator, analyst], [anon, loner]],
  [
    'object.read',
    amberLabel('AMBER'),
    [vendorMember, operator, client],
    [otherVendor, analyst, admin, anon, loner],
  ],
  ['object.read', amberLabel('AMBER+STRICT'), [vendorMember, operator], [client, otherVendor, admin, anon]],
  ['object.read', amberLabel('RED'), [named], [vendorMember, operator, client, admin, anon]],
  // Most restrictive wins when several labels apply.
  ['object.read', amberLabel(['CLEAR', 'AMBER+STRICT', 'GREEN']), [operator], [client, anon]],
  [
    'case.read',
    caseRes,
    [coordinator, analyst, admin, vendorMember, reporter],
    [otherVendor, operator, anon],
  ],
  ['case.participate', caseRes, [coordinator, admin, vendorAdmin, reporter], [otherVendor, analyst, anon]],
  ['case.coordinate', caseRes, [coordinator, admin], [vendorAdmin, reporter, analyst, anon]],
  [
    'case.read',
    { ...caseRes, participantOrgIds: [], restricted: true },
    [reporter],
    [coordinator, analyst, admin, vendorAdmin, anon],
  ],
  ['case.participate', { ...caseRes, restricted: true }, [reporter, vendorAdmin], [coordinator, admin, anon]],
  [
    'case.coordinate',
    { ...caseRes, participantUserIds: ['usr_reporter', 'usr_coord_in_case'], restricted: true },
    [user({ id: 'usr_coord_in_case', roles: ['coordinator'] })],
    [coordinator, admin, reporter, anon],
  ],
  ['report.submit', {}, [anon, loner, vendorMember, analyst], [user({ scope: 'read' })]],
  [
    'report.read',
    amberReport,
    [reporter, vendorMember, analyst, coordinator, admin],
    [otherVendor, operator, loner, anon, user({ id: 'usr_reporter', scope: 'read', mfaPending: true })],
  ],
  ['report.read', redReport, [reporter, namedAnalyst], [vendorMember, analyst, coordinator, admin, anon]],
  [
    'report.respond',
    amberReport,
    [reporter, vendorMember],
    [analyst, otherVendor, anon, user({ id: 'usr_reporter', scope: 'read' })],
  ],
  ['report.respond', redReport, [reporter], [vendorMember, namedAnalyst, anon]],
  [
    'report.triage',
    {},
    [analyst, coordinator, admin],
    [vendorAdmin, reporter, anon, user({ roles: ['analyst'], scope: 'read' })],
  ],
  // Advisories: a draft is for staff (and the case's coordinators) only.
  [
    'advisory.read',
    advisory({}),
    [coordinator, analyst, admin],
    [vendorAdmin, reporter, operator, loner, anon],
  ],
  // Shared for review: the case's participants read it; other organizations still do not.
  [
    'advisory.read',
    advisory({ shared: true }),
    [vendorAdmin, vendorMember, reporter, analyst],
    [operator, client, loner, anon],
  ],
  // Released TLP:CLEAR: everyone, signed in or not.
  ['advisory.read', advisory({ released: true, tlp: 'CLEAR' }), [anon, loner, operator], []],
  // Released TLP:GREEN: the community, not the public.
  ['advisory.read', advisory({ released: true, tlp: 'GREEN' }), [operator, client], [loner, anon]],
  // Released TLP:AMBER: participants and their declared clients.
  [
    'advisory.read',
    advisory({ released: true, tlp: 'AMBER' }),
    [vendorMember, client],
    [operator, loner, anon],
  ],
  // Released TLP:AMBER+STRICT: participants only, not their clients.
  [
    'advisory.read',
    advisory({ released: true, tlp: 'AMBER+STRICT' }),
    [vendorMember],
    [client, operator, anon],
  ],
  // TLP:RED: the people named on the case, staff included only when named.
  [
    'advisory.read',
    advisory({ released: true, tlp: 'RED', restricted: true }),
    [reporter],
    [coordinator, analyst, admin, vendorAdmin, client, anon],
  ],
  [
    'advisory.manage',
    caseRes,
    [coordinator, admin],
    [analyst, vendorAdmin, reporter, anon, user({ roles: ['coordinator'], scope: 'read' })],
  ],
  ['advisory.manage', { ...caseRes, restricted: true }, [], [coordinator, admin, reporter]],
  [
    'advisory.import',
    {},
    [analyst, coordinator, admin],
    [vendorAdmin, operator, anon, user({ roles: ['analyst'], scope: 'read' })],
  ],
  [
    'inventory.read',
    { orgId: 'org_operator' },
    [operator, analyst, coordinator, admin],
    [vendorAdmin, otherVendor, anon],
  ],
  [
    'inventory.manage',
    { orgId: 'org_operator' },
    [operator, admin],
    [
      analyst,
      coordinator,
      vendorAdmin,
      anon,
      user({ id: 'usr_op', orgs: { org_operator: 'member' }, scope: 'read' }),
    ],
  ],
  [
    'inventory.delete',
    { orgId: 'org_operator' },
    [user({ id: 'usr_opa', orgs: { org_operator: 'admin' } }), admin],
    [operator, analyst, vendorAdmin, anon],
  ],
  [
    'exposure.read',
    { orgId: 'org_operator' },
    [operator, analyst, coordinator, admin],
    [vendorAdmin, vendorMember, otherVendor, anon],
  ],
  [
    'exposure.manage',
    { orgId: 'org_operator' },
    [operator, admin],
    [
      analyst,
      coordinator,
      vendorMember,
      anon,
      user({ id: 'usr_op', orgs: { org_operator: 'member' }, scope: 'read' }),
    ],
  ],
  ['exposure.metrics', { orgId: null }, [analyst, coordinator, admin], [operator, vendorAdmin, anon]],
  [
    'exposure.metrics',
    { orgId: 'org_operator' },
    [operator, analyst, admin],
    [vendorAdmin, otherVendor, anon],
  ],
  [
    'notifications.org.read',
    { orgId: 'org_vendor' },
    [admin, vendorAdmin],
    [vendorMember, otherVendor, analyst, coordinator, anon],
  ],
  [
    'notifications.org.manage',
    { orgId: 'org_vendor' },
    [vendorAdmin, user({ id: 'usr_va', orgs: { org_vendor: 'admin' }, scope: 'write' })],
    [
      admin,
      vendorMember,
      otherVendor,
      anon,
      user({ id: 'usr_va', orgs: { org_vendor: 'admin' }, scope: 'read' }),
    ],
  ],
  [
    'notifications.own.manage',
    { orgId: 'org_vendor', userId: 'usr_vm' },
    [vendorMember],
    [vendorAdmin, admin, otherVendor, user({ id: 'usr_vm' }), anon],
  ],
  [
    'classified.read',
    { level: 'secret', compartments: ['CYBER'] },
    [evaluatorSecret],
    [evaluatorLow, evaluatorNoCompartment, admin, analyst, anon],
  ],
  [
    'classified.read',
    { level: 'none', compartments: [] },
    [evaluatorLow, evaluatorNoCompartment],
    [admin, vendorAdmin, anon],
  ],
];

const name = (p: Principal) =>
  p.kind === 'user'
    ? `${p.userId}[${[...p.globalRoles].join(',')}${p.auth.method === 'token' ? ` token:${p.auth.scope}` : ''}]`
    : p.kind;

describe('policy: can(principal, action, resource)', () => {
  it('has a table row for every action', () => {
    const covered = new Set(TABLE.map((r) => r[0]));
    expect([...Object.keys(__testing.RULES)].filter((a) => !covered.has(a as Action))).toEqual([]);
  });

  for (const [action, resource, allowed, denied] of TABLE) {
    for (const p of allowed) {
      it(`allows ${name(p)} to ${action} ${JSON.stringify(resource)}`, () => {
        expect(decide(p, action, resource as never)).toEqual({ allowed: true });
      });
    }
    for (const p of denied) {
      it(`denies ${name(p)} to ${action} ${JSON.stringify(resource)}`, () => {
        expect(decide(p, action, resource as never).allowed).toBe(false);
      });
    }
  }

  it('denies everything while two-factor enrolment is pending, even to admins', () => {
    const pending = user({ roles: ['admin'], mfaPending: true });
    expect(decide(pending, 'org.update', { orgId: 'org_vendor' })).toEqual({
      allowed: false,
      reason: 'mfa_enrollment_required',
    });
    expect(decide(pending, 'user.list', {})).toEqual({ allowed: false, reason: 'mfa_enrollment_required' });
  });

  it('caps a token at its scope', () => {
    const readToken = user({ roles: ['admin'], scope: 'read' });
    expect(decide(readToken, 'org.read', { orgId: 'org_vendor' })).toEqual({ allowed: true });
    expect(decide(readToken, 'org.update', { orgId: 'org_vendor' })).toEqual({
      allowed: false,
      reason: 'insufficient_scope',
    });
    expect(decide(user({ roles: ['admin'], scope: 'write' }), 'user.manage', { userId: 'x' })).toEqual({
      allowed: false,
      reason: 'insufficient_scope',
    });
    expect(decide(user({ roles: ['admin'], scope: 'admin' }), 'user.manage', { userId: 'x' })).toEqual({
      allowed: true,
    });
  });

  it('tells anonymous callers to authenticate rather than calling it forbidden', () => {
    expect(decide(anon, 'org.read', { orgId: 'x' })).toEqual({ allowed: false, reason: 'unauthenticated' });
  });

  it('lets the system principal act (bootstrap, jobs, admin commands)', () => {
    expect(decide(system('test'), 'user.manage', { userId: 'x' })).toEqual({ allowed: true });
  });

  it('every action declares the token scope it needs', () => {
    expect(Object.keys(__testing.SCOPE_NEEDED).sort()).toEqual(Object.keys(__testing.RULES).sort());
  });
});
