import type { GlobalRole, OrganizationKind, Sector } from '@clearinghouse/shared';
import type { Container } from '../main.js';
import { newId } from '../lib/ids.js';
import { randomSecret } from '../lib/secrets.js';
import { system } from '../policy/principal.js';
import { recordAudit } from '../modules/audit/record.js';
import { seedCoordinationDemo } from './demo-coordination.js';

interface DemoOrg {
  key: string;
  name: string;
  kind: OrganizationKind;
  sectors: Sector[];
  website: string;
}

const ORGS: DemoOrg[] = [
  {
    key: 'ch',
    name: 'National AI Cybersecurity Clearinghouse',
    kind: 'clearinghouse',
    sectors: ['government_facilities', 'information_technology'],
    website: 'https://clearinghouse.example.gov',
  },
  {
    key: 'vendor',
    name: 'Acme Medical Devices',
    kind: 'vendor',
    sectors: ['healthcare', 'critical_manufacturing'],
    website: 'https://acme-medical.example.com',
  },
  {
    key: 'operator',
    name: 'Riverside Community Hospital',
    kind: 'operator',
    sectors: ['healthcare'],
    website: 'https://riverside-hospital.example.org',
  },
  {
    key: 'clinic',
    name: 'Riverside Rural Clinic Network',
    kind: 'operator',
    sectors: ['healthcare'],
    website: 'https://riverside-clinics.example.org',
  },
  {
    key: 'ai',
    name: 'Frontier Reasoning Labs',
    kind: 'ai_developer',
    sectors: ['artificial_intelligence'],
    website: 'https://frontier-labs.example.ai',
  },
  {
    key: 'research',
    name: 'Open Security Research Collective',
    kind: 'researcher',
    sectors: ['information_technology'],
    website: 'https://osrc.example.net',
  },
  {
    key: 'gov',
    name: 'State Office of Cybersecurity',
    kind: 'government',
    sectors: ['government_facilities', 'water', 'energy'],
    website: 'https://cyber.state.example.gov',
  },
];

interface DemoUser {
  email: string;
  name: string;
  org: string;
  orgRole: 'admin' | 'member';
  globalRoles: GlobalRole[];
  clearance?: 'controlled' | 'secret' | 'top_secret';
  compartments?: string[];
}

const USERS: DemoUser[] = [
  {
    email: 'analyst@clearinghouse.example.gov',
    name: 'Avery Analyst',
    org: 'ch',
    orgRole: 'member',
    globalRoles: ['analyst'],
  },
  {
    email: 'coordinator@clearinghouse.example.gov',
    name: 'Casey Coordinator',
    org: 'ch',
    orgRole: 'member',
    globalRoles: ['coordinator'],
  },
  {
    email: 'evaluator@clearinghouse.example.gov',
    name: 'Eden Evaluator',
    org: 'ch',
    orgRole: 'member',
    globalRoles: ['evaluator'],
    clearance: 'secret',
    compartments: ['CYBER-EVAL'],
  },
  {
    email: 'psirt@acme-medical.example.com',
    name: 'Val Vendor',
    org: 'vendor',
    orgRole: 'admin',
    globalRoles: [],
  },
  {
    email: 'it@riverside-hospital.example.org',
    name: 'Oli Operator',
    org: 'operator',
    orgRole: 'admin',
    globalRoles: [],
  },
  {
    email: 'nurse-informatics@riverside-hospital.example.org',
    name: 'Morgan Member',
    org: 'operator',
    orgRole: 'member',
    globalRoles: [],
  },
  {
    email: 'safety@frontier-labs.example.ai',
    name: 'Dana Developer',
    org: 'ai',
    orgRole: 'admin',
    globalRoles: [],
  },
  {
    email: 'researcher@osrc.example.net',
    name: 'Riley Researcher',
    org: 'research',
    orgRole: 'admin',
    globalRoles: [],
  },
  {
    email: 'ciso@cyber.state.example.gov',
    name: 'Gale Government',
    org: 'gov',
    orgRole: 'admin',
    globalRoles: [],
  },
];

export interface DemoSeedResult {
  seeded: boolean;
  password?: string;
  users: { email: string; roles: string }[];
}

/**
 * A demo community: one organization of each kind and a few people in each, so a newcomer
 * sees a living system. Idempotent: does nothing once the demo clearinghouse exists.
 */
export async function seedDemo(c: Container, adminEmail?: string): Promise<DemoSeedResult> {
  const actor = system('demo-seed');
  const { organizations, users } = c.services;
  const existing = await c.uow.read.organizations.list({ q: ORGS[0]?.name, limit: 1 });
  if (existing.length > 0) return { seeded: false, users: [] };

  const ids = new Map<string, string>();
  for (const o of ORGS) {
    const created = await organizations.createOrganization(actor, {
      name: o.name,
      kind: o.kind,
      sectors: o.sectors,
      website: o.website,
      contactEmail: null,
    });
    ids.set(o.key, created.id);
  }
  // The hospital network's clinics are its declared clients: TLP:AMBER it receives may reach them.
  const operatorId = ids.get('operator');
  const clinicId = ids.get('clinic');
  if (operatorId && clinicId)
    await organizations.updateOrganization(actor, operatorId, { clientIds: [clinicId] });
  // Acme's customers: its TLP:AMBER advisories (the pump's) reach the hospital once released.
  const vendorId = ids.get('vendor');
  if (vendorId && operatorId)
    await organizations.updateOrganization(actor, vendorId, { clientIds: [operatorId] });

  const password = randomSecret()
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 16);
  for (const u of USERS) {
    const orgId = ids.get(u.org);
    if (!orgId || (await c.uow.read.users.findByEmail(u.email))) continue;
    const { user } = await users.createUser(actor, {
      email: u.email,
      name: u.name,
      password,
      globalRoles: u.globalRoles,
      organizationId: orgId,
      orgRole: u.orgRole,
    });
    if (u.clearance || u.compartments) {
      await users.updateUser(actor, user.id, {
        ...(u.clearance && { clearance: u.clearance }),
        ...(u.compartments && { compartments: u.compartments }),
      });
    }
  }
  if (adminEmail) {
    const admin = await c.uow.read.users.findByEmail(adminEmail);
    const chId = ids.get('ch');
    if (admin && chId) {
      const now = c.clock.now();
      await c.uow.transaction(async (r) => {
        await r.organizations.addMember({
          id: newId('membership'),
          orgId: chId,
          userId: admin.id,
          role: 'admin',
          now: now.toISOString(),
        });
        await recordAudit(
          r,
          actor,
          'org.member_added',
          { organizationId: chId, targetType: 'user', targetId: admin.id, data: { role: 'admin' } },
          now,
        );
      });
    }
  }
  await seedCoordinationDemo(c, {
    researcher: 'researcher@osrc.example.net',
    aiDeveloper: 'safety@frontier-labs.example.ai',
    analyst: 'analyst@clearinghouse.example.gov',
    coordinator: 'coordinator@clearinghouse.example.gov',
    vendor: 'psirt@acme-medical.example.com',
    operator: 'it@riverside-hospital.example.org',
  });
  return {
    seeded: true,
    password,
    users: USERS.map((u) => ({
      email: u.email,
      roles: [
        `${u.orgRole} of ${ORGS.find((o) => o.key === u.org)?.name ?? u.org}`,
        ...u.globalRoles.map((r) => `clearinghouse ${r}`),
      ].join('; '),
    })),
  };
}
