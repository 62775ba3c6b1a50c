import { z } from 'zod';
import { Attachment, CvssScore, SsvcInput, SsvcResult } from './reports.js';
import { Tlp } from './tlp.js';

const Timestamp = z.iso.datetime();
const Ref = z.object({ id: z.string(), name: z.string() });

export const CASE_STATUSES = ['active', 'published', 'closed'] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const PARTICIPANT_ROLES = ['vendor', 'reporter', 'coordinator', 'observer'] as const;
export const ParticipantRole = z.enum(PARTICIPANT_ROLES);
export type ParticipantRole = z.infer<typeof ParticipantRole>;

/** invited → active (the organization took part) | declined; proposed (by a vendor) → invited | rejected. */
export const PARTICIPANT_STATUSES = [
  'proposed',
  'invited',
  'active',
  'declined',
  'rejected',
  'removed',
] as const;
export const ParticipantStatus = z.enum(PARTICIPANT_STATUSES);
export type ParticipantStatus = z.infer<typeof ParticipantStatus>;

/** Vendor status per vulnerability × product (CSAF product_status / VEX). Silence reads as unknown. */
export const STATEMENT_STATUSES = ['affected', 'not_affected', 'fixed', 'under_investigation'] as const;
export const StatementStatus = z.enum(STATEMENT_STATUSES);
export type StatementStatus = z.infer<typeof StatementStatus>;

/** The VEX justifications (CISA's minimum requirements; CSAF flags). */
export const VEX_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'vulnerable_code_not_in_execute_path',
  'inline_mitigations_already_exist',
] as const;
export const VexJustification = z.enum(VEX_JUSTIFICATIONS);
export type VexJustification = z.infer<typeof VexJustification>;

export const EMBARGO_STATUSES = ['proposed', 'active', 'rejected', 'superseded', 'withdrawn'] as const;
export const EmbargoStatus = z.enum(EMBARGO_STATUSES);

const CveId = z
  .string()
  .trim()
  .regex(/^CVE-\d{4}-\d{4,19}$/, 'a CVE id such as CVE-2026-12345');
const Sha256 = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 in hex')
  .transform((s) => s.toLowerCase());

// ---- vulnerabilities -----------------------------------------------------------------------

export const CaseVulnerability = z.object({
  id: z.string(),
  ordinal: z.number().int(),
  title: z.string(),
  description: z.string(),
  cveId: z.string().nullable(),
  cvss31: CvssScore.nullable(),
  cvss40: CvssScore.nullable(),
  ssvc: SsvcResult.nullable(),
  cwe: z.object({ id: z.string(), name: z.string() }).nullable(),
  reportId: z.string().nullable(),
});
export type CaseVulnerability = z.infer<typeof CaseVulnerability>;

export const CaseVulnerabilityInput = z.object({
  title: z.string().trim().min(3).max(300),
  description: z.string().trim().max(20_000).default(''),
  cveId: CveId.nullable().optional(),
  cvss31: z.string().trim().max(300).nullable().optional(),
  cvss40: z.string().trim().max(300).nullable().optional(),
  ssvc: SsvcInput.nullable().optional(),
  cwe: z.string().trim().max(20).nullable().optional(),
});
export type CaseVulnerabilityInput = z.infer<typeof CaseVulnerabilityInput>;
export const CaseVulnerabilityUpdate = CaseVulnerabilityInput.partial();
export type CaseVulnerabilityUpdate = z.infer<typeof CaseVulnerabilityUpdate>;

// ---- participants ---------------------------------------------------------------------------

export const CaseParticipant = z.object({
  id: z.string(),
  role: ParticipantRole,
  status: ParticipantStatus,
  organization: Ref.nullable(),
  user: Ref.nullable().describe('Reporters and individual coordinators; hidden when credit says anonymous.'),
  proposedBy: Ref.nullable(),
  createdAt: Timestamp,
});
export type CaseParticipant = z.infer<typeof CaseParticipant>;

export const ParticipantAdd = z.object({
  organizationId: z.string().max(64),
  role: z.enum(['vendor', 'observer']).default('vendor'),
});
export type ParticipantAdd = z.infer<typeof ParticipantAdd>;

export const ParticipantDecision = z.object({
  decision: z.enum(['approve', 'reject', 'accept', 'decline', 'remove']),
});
export type ParticipantDecision = z.infer<typeof ParticipantDecision>;

export const VendorSuggestion = z.object({
  organization: Ref,
  matches: z.array(
    z.object({ caseProduct: z.string(), vendorProduct: z.string(), on: z.enum(['purl', 'cpe', 'name']) }),
  ),
});
export type VendorSuggestion = z.infer<typeof VendorSuggestion>;

// ---- statements ----------------------------------------------------------------------------

export const Patch = z.object({
  url: z.url({ protocol: /^https?$/ }).max(1000),
  sha256: Sha256.nullable().optional(),
});

export const StatementInput = z
  .object({
    vulnerabilityId: z.string().max(64),
    organizationId: z
      .string()
      .max(64)
      .optional()
      .describe('Which of your vendor organizations states it (if you have several).'),
    product: z.string().trim().min(1).max(300),
    purl: z.string().trim().max(1000).nullable().optional(),
    cpe: z.string().trim().max(1000).nullable().optional(),
    status: StatementStatus,
    justification: VexJustification.nullable().optional(),
    statement: z.string().trim().max(10_000).default(''),
    affectedVersions: z.string().trim().max(500).default(''),
    fixedVersions: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
    patches: z.array(Patch).max(20).default([]),
    shared: z.boolean().default(false).describe('Let the other participants of the case see this statement.'),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'not_affected' && !v.justification)
      ctx.addIssue({
        code: 'custom',
        path: ['justification'],
        message: 'Not affected needs a VEX justification.',
      });
    if (v.status !== 'not_affected' && v.justification)
      ctx.addIssue({
        code: 'custom',
        path: ['justification'],
        message: 'Only a not-affected statement has a justification.',
      });
    if (v.status === 'fixed' && v.fixedVersions.length === 0 && v.patches.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['fixedVersions'],
        message: 'Fixed needs the fixed versions or a patch link.',
      });
  });
export type StatementInput = z.infer<typeof StatementInput>;

export const VendorStatement = z.object({
  id: z.string(),
  vulnerabilityId: z.string(),
  organization: Ref,
  product: z.string(),
  purl: z.string().nullable(),
  cpe: z.string().nullable(),
  status: StatementStatus,
  justification: VexJustification.nullable(),
  statement: z.string(),
  affectedVersions: z.string(),
  fixedVersions: z.array(z.string()),
  patches: z.array(z.object({ url: z.string(), sha256: z.string().nullable().optional() })),
  shared: z.boolean(),
  approvedAt: Timestamp.nullable(),
  approvedBy: Ref.nullable(),
  updatedAt: Timestamp,
});
export type VendorStatement = z.infer<typeof VendorStatement>;

/** One cell of the vendor × vulnerability matrix: the statuses of that vendor's products. */
export const StatusCell = z.object({
  vulnerabilityId: z.string(),
  organizationId: z.string(),
  status: z
    .union([StatementStatus, z.literal('unknown')])
    .describe('Worst status across the vendor’s products.'),
  statements: z.number().int(),
});

// ---- embargo -------------------------------------------------------------------------------

export const Embargo = z.object({
  id: z.string(),
  endsAt: Timestamp.describe('An exact instant, UTC.'),
  reason: z.string(),
  status: EmbargoStatus,
  proposedBy: Ref,
  proposedByOrganization: Ref.nullable(),
  responses: z.array(
    z.object({ organization: Ref, response: z.enum(['accepted', 'rejected']), at: Timestamp }),
  ),
  awaiting: z.array(Ref).describe('Whose answer the proposal still needs.'),
  decidedAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type Embargo = z.infer<typeof Embargo>;

export const EmbargoProposal = z.object({
  endsAt: z.iso
    .datetime({ offset: true })
    .describe('An exact instant with its offset, e.g. 2026-12-15T14:00:00Z.'),
  reason: z.string().trim().max(5000).default(''),
});
export type EmbargoProposal = z.infer<typeof EmbargoProposal>;

export const EmbargoResponse = z.object({
  response: z.enum(['accept', 'reject', 'withdraw']),
  organizationId: z.string().max(64).optional(),
});
export type EmbargoResponse = z.infer<typeof EmbargoResponse>;

// ---- threads -------------------------------------------------------------------------------

export const CasePost = z.object({
  id: z.string(),
  author: Ref,
  authorOrganization: Ref.nullable(),
  body: z.string(),
  revision: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  editable: z.boolean(),
});
export type CasePost = z.infer<typeof CasePost>;

export const CaseThread = z.object({
  id: z.string(),
  kind: z.enum(['case', 'private']),
  title: z.string(),
  participant: z.object({ id: z.string(), name: z.string() }).nullable(),
  posts: z.array(CasePost),
});
export type CaseThread = z.infer<typeof CaseThread>;

export const PostCreate = z.object({ body: z.string().trim().min(1).max(20_000) });
export type PostCreate = z.infer<typeof PostCreate>;

export const PostRevision = z.object({ revision: z.number().int(), body: z.string(), createdAt: Timestamp });
export type PostRevision = z.infer<typeof PostRevision>;

export const PrivateThreadCreate = z.object({
  participantId: z.string().max(64),
  title: z.string().trim().min(1).max(200),
});
export type PrivateThreadCreate = z.infer<typeof PrivateThreadCreate>;

// ---- the case ------------------------------------------------------------------------------

export const CaseSummary = z.object({
  id: z.string(),
  ref: z.string().describe('CH-YYYY-NNNN'),
  title: z.string(),
  status: CaseStatus,
  tlp: Tlp,
  vulnerabilityCount: z.number().int(),
  embargoEndsAt: Timestamp.nullable(),
  myRole: z.union([ParticipantRole, z.literal('staff')]).nullable(),
  myStatus: ParticipantStatus.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const Case = CaseSummary.extend({
  summary: z.string(),
  reports: z.array(z.object({ id: z.string(), ref: z.string() })).describe('Staff only.'),
  vulnerabilities: z.array(CaseVulnerability),
  products: z.array(
    z.object({
      vendor: z.string(),
      product: z.string(),
      versions: z.string(),
      purl: z.string().nullable(),
      cpe: z.string().nullable(),
    }),
  ),
  participants: z.array(CaseParticipant),
  statements: z.array(VendorStatement).describe('Only those you may see.'),
  matrix: z.array(StatusCell),
  embargo: Embargo.nullable().describe('The active embargo.'),
  embargoes: z.array(Embargo).describe('Every proposal, newest first.'),
  reporterCredit: z.string().nullable().describe('How the reporter is credited (per their choice).'),
  attachments: z.array(Attachment).describe('Files shared with the participants of the case.'),
  canCoordinate: z.boolean(),
});
export type Case = z.infer<typeof Case>;

export const CaseCreate = z.object({
  title: z.string().trim().min(5).max(300),
  summary: z.string().trim().max(20_000).default(''),
  reportIds: z.array(z.string().max(64)).min(1).max(50),
  tlp: Tlp.default('AMBER'),
});
export type CaseCreate = z.infer<typeof CaseCreate>;

export const CaseUpdate = z
  .object({
    title: z.string().trim().min(5).max(300),
    summary: z.string().trim().max(20_000),
    tlp: Tlp,
    status: CaseStatus,
  })
  .partial();
export type CaseUpdate = z.infer<typeof CaseUpdate>;

export const CaseListQuery = z.object({
  status: CaseStatus.optional(),
  q: z.string().max(200).optional(),
});

export const TimelineEntry = z.object({
  at: Timestamp,
  action: z.string(),
  actor: z.string().nullable(),
  summary: z.string(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

// ---- vendor product lists and notifications ------------------------------------------------

export const VendorProduct = z.object({
  id: z.string(),
  name: z.string(),
  purl: z.string().nullable(),
  cpe: z.string().nullable(),
  createdAt: Timestamp,
});
export type VendorProduct = z.infer<typeof VendorProduct>;

export const VendorProductCreate = z.object({
  name: z.string().trim().min(1).max(300),
  purl: z
    .string()
    .trim()
    .max(1000)
    .regex(/^pkg:[a-zA-Z][a-zA-Z0-9.+-]*\/[^\s@?#]+$/, 'a package URL without version, e.g. pkg:npm/acme-ui')
    .nullable()
    .optional(),
  cpe: z
    .string()
    .trim()
    .max(1000)
    .regex(/^cpe:2\.3:[aho]:[^:\s]+:[^:\s]+/, 'a CPE 2.3 name, e.g. cpe:2.3:a:acme:infusion_pump')
    .nullable()
    .optional(),
});
export type VendorProductCreate = z.infer<typeof VendorProductCreate>;

export const Notification = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string(),
  readAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type Notification = z.infer<typeof Notification>;
