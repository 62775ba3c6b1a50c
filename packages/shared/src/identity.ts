import { z } from 'zod';

export const ORGANIZATION_KINDS = [
  'clearinghouse',
  'vendor',
  'operator',
  'ai_developer',
  'researcher',
  'government',
] as const;
export const OrganizationKind = z.enum(ORGANIZATION_KINDS);
export type OrganizationKind = z.infer<typeof OrganizationKind>;

/** Critical-infrastructure sectors (after CISA's sixteen), plus two this community needs. */
export const SECTORS = [
  'chemical',
  'commercial_facilities',
  'communications',
  'critical_manufacturing',
  'dams',
  'defense_industrial_base',
  'emergency_services',
  'energy',
  'financial_services',
  'food_and_agriculture',
  'government_facilities',
  'healthcare',
  'information_technology',
  'nuclear',
  'transportation',
  'water',
  'education',
  'artificial_intelligence',
] as const;
export const Sector = z.enum(SECTORS);
export type Sector = z.infer<typeof Sector>;

export const ORG_ROLES = ['admin', 'member'] as const;
export const OrgRole = z.enum(ORG_ROLES);
export type OrgRole = z.infer<typeof OrgRole>;

export const GLOBAL_ROLES = ['admin', 'analyst', 'coordinator', 'evaluator'] as const;
export const GlobalRole = z.enum(GLOBAL_ROLES);
export type GlobalRole = z.infer<typeof GlobalRole>;

/** Evaluator clearance, ordered from lowest to highest. */
export const CLEARANCE_LEVELS = ['none', 'controlled', 'secret', 'top_secret'] as const;
export const ClearanceLevel = z.enum(CLEARANCE_LEVELS);
export type ClearanceLevel = z.infer<typeof ClearanceLevel>;

export const Compartment = z
  .string()
  .regex(/^[A-Z][A-Z0-9_-]{1,31}$/, 'compartments are 2–32 upper-case letters, digits, _ or -');

export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
export const TokenScope = z.enum(TOKEN_SCOPES);
export type TokenScope = z.infer<typeof TokenScope>;

const Email = z.email().max(254);
export const Password = z.string().min(12, 'at least 12 characters').max(256);
const Timestamp = z.iso.datetime();

// ---- auth -------------------------------------------------------------------------------

export const LoginRequest = z.object({
  email: Email,
  password: z.string().min(1).max(256),
  totp: z
    .string()
    .max(32)
    .optional()
    .describe('Six-digit code from the authenticator app, or one recovery code.'),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const PasswordChangeRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: Password,
  revokeApiTokens: z
    .boolean()
    .default(false)
    .describe('Also revoke every API token of the account (tokens survive a password change otherwise).'),
});
export type PasswordChangeRequest = z.infer<typeof PasswordChangeRequest>;

export const PasswordResetRequest = z.object({ email: Email });
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

export const PasswordResetConfirm = z.object({
  token: z.string().min(10).max(200),
  newPassword: Password,
});
export type PasswordResetConfirm = z.infer<typeof PasswordResetConfirm>;

export const TotpEnrollment = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
});
export type TotpEnrollment = z.infer<typeof TotpEnrollment>;

export const TotpCodeRequest = z.object({ code: z.string().min(6).max(32) });
export type TotpCodeRequest = z.infer<typeof TotpCodeRequest>;

export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;

export const TotpDisableRequest = z.object({ password: z.string().min(1).max(256) });

// ---- organizations ----------------------------------------------------------------------

export const OrganizationRef = z.object({ id: z.string(), name: z.string(), kind: OrganizationKind });
export type OrganizationRef = z.infer<typeof OrganizationRef>;

export const Organization = z.object({
  id: z.string(),
  name: z.string(),
  kind: OrganizationKind,
  sectors: z.array(Sector),
  website: z.string().nullable(),
  contactEmail: z.string().nullable(),
  clients: z.array(OrganizationRef).describe('Declared clients: they may receive TLP:AMBER shared with us.'),
  verifiedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Organization = z.infer<typeof Organization>;

export const OrganizationCreate = z.object({
  name: z.string().trim().min(2).max(200),
  kind: OrganizationKind,
  sectors: z.array(Sector).max(SECTORS.length).default([]),
  website: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable()
    .optional(),
  contactEmail: Email.nullable().optional(),
});
export type OrganizationCreate = z.infer<typeof OrganizationCreate>;

export const OrganizationUpdate = z
  .object({
    name: z.string().trim().min(2).max(200),
    sectors: z.array(Sector).max(SECTORS.length),
    website: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .nullable(),
    contactEmail: Email.nullable(),
    clientIds: z.array(z.string()).max(500).describe('Replace the declared clients.'),
    verified: z.boolean().describe('Clearinghouse admins only.'),
  })
  .partial();
export type OrganizationUpdate = z.infer<typeof OrganizationUpdate>;

export const OrganizationListQuery = z.object({
  q: z.string().max(200).optional(),
  kind: OrganizationKind.optional(),
  mine: z.enum(['true', 'false']).optional(),
});

export const Member = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: OrgRole,
  joinedAt: Timestamp,
});
export type Member = z.infer<typeof Member>;

export const MemberUpdate = z.object({ role: OrgRole });

// ---- invitations ------------------------------------------------------------------------

export const InvitationCreate = z.object({
  email: Email,
  role: OrgRole.default('member'),
});
export type InvitationCreate = z.infer<typeof InvitationCreate>;

export const Invitation = z.object({
  id: z.string(),
  organizationId: z.string(),
  email: z.string(),
  role: OrgRole,
  invitedBy: z.string().nullable(),
  expiresAt: Timestamp,
  acceptedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type Invitation = z.infer<typeof Invitation>;

export const InvitationPreview = z.object({
  organization: OrganizationRef,
  email: z.string(),
  role: OrgRole,
  accountExists: z.boolean(),
  expiresAt: Timestamp,
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;

export const InvitationAccept = z.object({
  token: z.string().min(10).max(200),
  name: z.string().trim().min(1).max(200).optional(),
  password: Password.optional(),
});
export type InvitationAccept = z.infer<typeof InvitationAccept>;

export const InvitationAccepted = z.object({ userId: z.string(), organizationId: z.string() });

// ---- me, users ----------------------------------------------------------------------------

export const Membership = z.object({ organization: OrganizationRef, role: OrgRole });
export type Membership = z.infer<typeof Membership>;

export const Me = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  globalRoles: z.array(GlobalRole),
  clearance: ClearanceLevel,
  compartments: z.array(z.string()),
  totpEnabled: z.boolean(),
  mfaEnrollmentRequired: z
    .boolean()
    .describe('True when a clearinghouse role requires two-factor and it is not yet enrolled.'),
  memberships: z.array(Membership),
  authenticatedBy: z.enum(['session', 'token']),
  tokenScope: TokenScope.nullable(),
  csrfToken: z.string().nullable().describe('Send as X-CSRF-Token on cookie-authenticated writes.'),
});
export type Me = z.infer<typeof Me>;

export const LoginResponse = Me;
export type LoginResponse = Me;

export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  globalRoles: z.array(GlobalRole),
  clearance: ClearanceLevel,
  compartments: z.array(z.string()),
  totpEnabled: z.boolean(),
  disabledAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type User = z.infer<typeof User>;

export const UserUpdate = z
  .object({
    name: z.string().trim().min(1).max(200),
    globalRoles: z.array(GlobalRole).max(GLOBAL_ROLES.length),
    clearance: ClearanceLevel,
    compartments: z.array(Compartment).max(64),
    disabled: z.boolean(),
  })
  .partial();
export type UserUpdate = z.infer<typeof UserUpdate>;

// ---- API tokens ---------------------------------------------------------------------------

export const ApiToken = z.object({
  id: z.string(),
  name: z.string(),
  scope: TokenScope,
  prefix: z.string().describe('The first characters of the secret, to recognise it.'),
  expiresAt: Timestamp.nullable(),
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type ApiToken = z.infer<typeof ApiToken>;

export const ApiTokenCreate = z.object({
  name: z.string().trim().min(1).max(100),
  scope: TokenScope.default('read'),
  expiresInDays: z
    .number()
    .int()
    .min(1)
    .max(366)
    .nullable()
    .default(90)
    .describe('Days until the token expires; null for no expiry (admins discouraged).'),
});
export type ApiTokenCreate = z.infer<typeof ApiTokenCreate>;

export const ApiTokenCreated = z.object({
  token: ApiToken,
  secret: z.string().describe('Shown once. Send as `Authorization: Bearer <secret>`.'),
});
export type ApiTokenCreated = z.infer<typeof ApiTokenCreated>;
