import { z } from 'zod';
import { Sector } from './identity.js';
import { Tlp } from './tlp.js';

const Timestamp = z.iso.datetime();

// ---- vocabulary -------------------------------------------------------------------------

/** How the flaw was found. AI-assisted and autonomous findings carry provenance. */
export const DISCOVERY_METHODS = ['manual', 'tool_assisted', 'ai_assisted', 'ai_autonomous'] as const;
export const DiscoveryMethod = z.enum(DISCOVERY_METHODS);
export type DiscoveryMethod = z.infer<typeof DiscoveryMethod>;

/** Triage states (after HackerOne's): see REPORT_TRANSITIONS for the allowed moves. */
export const REPORT_STATUSES = [
  'received',
  'needs_info',
  'valid',
  'invalid',
  'duplicate',
  'accepted',
  'deferred',
  'closed',
] as const;
export const ReportStatus = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof ReportStatus>;

/**
 * The report state machine. `accepted` is reached only by opening a case from the report;
 * every state but `closed` may be closed with a reason.
 */
export const REPORT_TRANSITIONS: Record<ReportStatus, readonly ReportStatus[]> = {
  received: ['needs_info', 'valid', 'invalid', 'duplicate', 'closed'],
  needs_info: ['received', 'closed'],
  valid: ['accepted', 'deferred', 'closed'],
  deferred: ['valid', 'closed'],
  invalid: ['closed'],
  duplicate: ['closed'],
  accepted: ['closed'],
  closed: [],
};

export function canTransition(from: ReportStatus, to: ReportStatus): boolean {
  return REPORT_TRANSITIONS[from].includes(to);
}

export const CREDIT_PREFERENCES = ['name', 'handle', 'anonymous'] as const;
export const CreditPreference = z.enum(CREDIT_PREFERENCES);

export const REPORT_SOURCES = ['web', 'api', 'sarif'] as const;

// ---- pieces -----------------------------------------------------------------------------

const Purl = z
  .string()
  .trim()
  .max(1000)
  .regex(/^pkg:[a-zA-Z][a-zA-Z0-9.+-]*\/[^\s]+$/, 'a package URL such as pkg:npm/left-pad@1.3.0');
const Cpe = z
  .string()
  .trim()
  .max(1000)
  .regex(
    /^cpe:2\.3:[aho*-](?::[^:\s]*){10}$/,
    'a CPE 2.3 name such as cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*',
  );
const CweRef = z
  .string()
  .trim()
  .regex(/^(?:CWE-)?\d{1,6}$/i, 'a CWE id such as CWE-79');
const CvssVector = z
  .string()
  .trim()
  .max(300)
  .regex(/^CVSS:(?:3\.[01]|4\.0)\/\S+$/, 'a CVSS 3.1 or 4.0 vector such as CVSS:3.1/AV:N/…');

export const AffectedProduct = z.object({
  vendor: z.string().trim().min(1).max(200),
  product: z.string().trim().min(1).max(200),
  versions: z.string().trim().max(500).default('').describe('Affected versions as text, e.g. "< 4.2.1".'),
  purl: Purl.nullable().optional(),
  cpe: Cpe.nullable().optional(),
});
export type AffectedProduct = z.infer<typeof AffectedProduct>;

export const AiProvenance = z.object({
  modelName: z.string().trim().min(1).max(200),
  modelVersion: z.string().trim().max(100).nullable().optional(),
  developerOrg: z.string().trim().max(200).nullable().optional(),
  harness: z
    .string()
    .trim()
    .max(300)
    .nullable()
    .optional()
    .describe('Agent, harness or scanner that drove it.'),
  humanReproduced: z.boolean().describe('Did a person reproduce the finding?'),
});
export type AiProvenance = z.infer<typeof AiProvenance>;

/** Where a SARIF upload came from: the tool and its run. */
export const ToolProvenance = z.object({
  toolName: z.string(),
  toolVersion: z.string().nullable().optional(),
  toolOrganization: z.string().nullable().optional(),
  informationUri: z.string().nullable().optional(),
  ruleId: z.string().nullable().optional(),
});
export type ToolProvenance = z.infer<typeof ToolProvenance>;

export const Credit = z
  .object({
    preference: CreditPreference,
    name: z.string().trim().max(200).nullable().optional().describe('Defaults to your account name.'),
    handle: z.string().trim().max(100).nullable().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.preference === 'handle' && !c.handle)
      ctx.addIssue({ code: 'custom', path: ['handle'], message: 'Give the handle to credit.' });
  });
export type Credit = z.infer<typeof Credit>;

// ---- submit -----------------------------------------------------------------------------

const reportFields = {
  title: z.string().trim().min(5).max(200),
  description: z.string().trim().min(20).max(50_000).describe('Markdown.'),
  affectedProducts: z.array(AffectedProduct).min(1).max(50),
  suspectedCwe: CweRef.nullable().optional(),
  suggestedCvss: CvssVector.nullable().optional(),
  discoveryMethod: DiscoveryMethod,
  aiProvenance: AiProvenance.nullable().optional(),
  vendorContacted: z.boolean().default(false),
  publiclyKnown: z.boolean().default(false),
  exploitedInWild: z.boolean().default(false),
  sectors: z.array(Sector).max(30).default([]).describe('Critical-infrastructure sectors affected.'),
  requestedTlp: Tlp.default('AMBER'),
  credit: Credit.default({ preference: 'anonymous' }),
};

function requireProvenanceForAi(
  value: { discoveryMethod: DiscoveryMethod; aiProvenance?: AiProvenance | null | undefined },
  ctx: z.core.$RefinementCtx,
) {
  if (
    (value.discoveryMethod === 'ai_assisted' || value.discoveryMethod === 'ai_autonomous') &&
    !value.aiProvenance
  )
    ctx.addIssue({
      code: 'custom',
      path: ['aiProvenance'],
      message: 'AI-assisted and AI-autonomous findings need the AI provenance (at least the model name).',
    });
}

export const ReportSubmit = z
  .object({
    ...reportFields,
    reporterOrgId: z
      .string()
      .max(64)
      .nullable()
      .optional()
      .describe('Submit on behalf of one of your organizations.'),
    contactName: z
      .string()
      .trim()
      .max(200)
      .nullable()
      .optional()
      .describe('Anonymous submissions: how to address you.'),
    contactEmail: z
      .email()
      .max(254)
      .nullable()
      .optional()
      .describe('Anonymous submissions: where the acknowledgement goes.'),
  })
  .superRefine(requireProvenanceForAi);
export type ReportSubmit = z.infer<typeof ReportSubmit>;

export const ReportSubmitted = z.object({
  id: z.string(),
  ref: z.string().describe('The human reference, e.g. VR-2026-00042.'),
  status: ReportStatus,
  followUpSecret: z
    .string()
    .nullable()
    .describe('Anonymous submissions only: shown once; lets you read and answer this report.'),
  acknowledgementSentTo: z.string().nullable(),
});
export type ReportSubmitted = z.infer<typeof ReportSubmitted>;

export const SarifSubmitted = z.object({
  reports: z.array(ReportSubmitted),
  resultCount: z.number().int(),
});
export type SarifSubmitted = z.infer<typeof SarifSubmitted>;

// ---- validation -------------------------------------------------------------------------

export const SSVC_EXPLOITATION = ['none', 'public_poc', 'active'] as const;
export const SSVC_AUTOMATABLE = ['no', 'yes'] as const;
export const SSVC_TECHNICAL_IMPACT = ['partial', 'total'] as const;
export const SSVC_MISSION_WELLBEING = ['low', 'medium', 'high'] as const;
export const SSVC_DECISIONS = ['track', 'track_star', 'attend', 'act'] as const;

export const SsvcInput = z.object({
  exploitation: z.enum(SSVC_EXPLOITATION),
  automatable: z.enum(SSVC_AUTOMATABLE),
  technicalImpact: z.enum(SSVC_TECHNICAL_IMPACT),
  missionWellbeing: z.enum(SSVC_MISSION_WELLBEING),
});
export type SsvcInput = z.infer<typeof SsvcInput>;

export const SsvcResult = SsvcInput.extend({
  decision: z.enum(SSVC_DECISIONS),
  vector: z.string(),
});
export type SsvcResult = z.infer<typeof SsvcResult>;

export const CvssScore = z.object({
  version: z.string(),
  vector: z.string(),
  baseScore: z.number(),
  severity: z.enum(['NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']),
});
export type CvssScore = z.infer<typeof CvssScore>;

export const ValidationInput = z.object({
  cvss31: CvssVector.nullable().optional(),
  cvss40: CvssVector.nullable().optional(),
  ssvc: SsvcInput.nullable().optional(),
  cwe: CweRef.nullable().optional(),
  reproductionNotes: z.string().trim().max(50_000).default(''),
  reproduced: z.boolean(),
  evidenceAttachmentIds: z.array(z.string().max(64)).max(50).default([]),
});
export type ValidationInput = z.infer<typeof ValidationInput>;

export const Validation = z.object({
  id: z.string(),
  cvss31: CvssScore.nullable(),
  cvss40: CvssScore.nullable(),
  ssvc: SsvcResult.nullable(),
  cwe: z.object({ id: z.string(), name: z.string() }).nullable(),
  reproductionNotes: z.string(),
  reproduced: z.boolean(),
  evidenceAttachmentIds: z.array(z.string()),
  validatedBy: z.object({ id: z.string(), name: z.string() }),
  createdAt: Timestamp,
});
export type Validation = z.infer<typeof Validation>;

// ---- read -------------------------------------------------------------------------------

export const Attachment = z.object({
  id: z.string(),
  filename: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string().describe('"reporter", or the uploading user\'s name.'),
  createdAt: Timestamp,
});
export type Attachment = z.infer<typeof Attachment>;

export const ReportMessage = z.object({
  id: z.string(),
  author: z.string().describe('"Reporter", or the author\'s name.'),
  authorKind: z.enum(['reporter', 'clearinghouse']),
  internal: z.boolean().describe('Internal notes are never shown to the reporter.'),
  body: z.string(),
  createdAt: Timestamp,
});
export type ReportMessage = z.infer<typeof ReportMessage>;

export const ResponseTimes = z.object({
  firstResponseDueAt: Timestamp,
  firstResponseAt: Timestamp.nullable(),
  firstResponseOverdue: z.boolean(),
  triageDueAt: Timestamp,
  triagedAt: Timestamp.nullable(),
  triageOverdue: z.boolean(),
});
export type ResponseTimes = z.infer<typeof ResponseTimes>;

export const Reporter = z.object({
  kind: z.enum(['user', 'anonymous']),
  name: z.string().nullable(),
  email: z.string().nullable(),
  organization: z.object({ id: z.string(), name: z.string() }).nullable(),
});

export const ReportSummary = z.object({
  id: z.string(),
  ref: z.string(),
  title: z.string(),
  status: ReportStatus,
  tlp: Tlp,
  discoveryMethod: DiscoveryMethod,
  source: z.enum(REPORT_SOURCES),
  exploitedInWild: z.boolean(),
  restricted: z
    .boolean()
    .describe('TLP:RED and you are not named on it: only the id, status and dates are shown.'),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  responseTimes: ResponseTimes,
  caseId: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ReportSummary = z.infer<typeof ReportSummary>;

export const Report = ReportSummary.extend({
  description: z.string(),
  affectedProducts: z.array(AffectedProduct),
  suspectedCwe: z.string().nullable(),
  suggestedCvss: z.string().nullable(),
  aiProvenance: AiProvenance.nullable(),
  toolProvenance: ToolProvenance.nullable(),
  vendorContacted: z.boolean(),
  publiclyKnown: z.boolean(),
  sectors: z.array(Sector),
  requestedTlp: Tlp,
  credit: Credit,
  reporter: Reporter.nullable().describe('Hidden from anyone the reporter has not agreed to be seen by.'),
  statusReason: z.string().nullable(),
  duplicateOf: z.object({ id: z.string(), ref: z.string() }).nullable(),
  caseRef: z.string().nullable().describe('The case (CH-YYYY-NNNN) the report was accepted into.'),
  validation: Validation.nullable(),
  attachments: z.array(Attachment),
  messages: z.array(ReportMessage),
  allowedTransitions: z.array(ReportStatus).describe('What you may move it to now.'),
  namedUserIds: z.array(z.string()).describe('TLP:RED: the people who may read it.'),
});
export type Report = z.infer<typeof Report>;

export const ReportListQuery = z.object({
  status: z
    .string()
    .max(200)
    .regex(/^[a-z_]+(,[a-z_]+)*$/)
    .optional()
    .describe('One status or a comma-separated list.'),
  overdue: z.enum(['true', 'false']).optional(),
  assignee: z.string().max(64).optional().describe('A user id, or "me", or "none".'),
  discoveryMethod: DiscoveryMethod.optional(),
  q: z.string().max(200).optional(),
  mine: z.enum(['true', 'false']).optional().describe('Only reports I submitted.'),
});

// ---- commands ---------------------------------------------------------------------------

export const ReportTransition = z.object({
  to: ReportStatus,
  reason: z.string().trim().max(5000).nullable().optional(),
  duplicateOf: z
    .string()
    .max(64)
    .nullable()
    .optional()
    .describe('The original report (id or VR- reference), for duplicate.'),
});
export type ReportTransition = z.infer<typeof ReportTransition>;

export const ReportUpdate = z
  .object({
    tlp: Tlp,
    assigneeId: z.string().max(64).nullable(),
    namedUserIds: z.array(z.string().max(64)).max(50),
  })
  .partial();
export type ReportUpdate = z.infer<typeof ReportUpdate>;

export const ReportMessageCreate = z.object({
  body: z.string().trim().min(1).max(20_000),
  internal: z.boolean().default(false),
});
export type ReportMessageCreate = z.infer<typeof ReportMessageCreate>;

export const DuplicateCandidate = z.object({
  report: ReportSummary,
  score: z.number(),
  breakdown: z.object({ title: z.number(), description: z.number(), products: z.number(), cwe: z.number() }),
});
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>;

export const CweEntry = z.object({ id: z.string(), name: z.string() });
export type CweEntry = z.infer<typeof CweEntry>;
