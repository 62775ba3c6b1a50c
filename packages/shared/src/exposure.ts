import { z } from 'zod';
import { VexJustification } from './cases.js';
import { SSVC_DECISIONS } from './reports.js';
import { Tlp } from './tlp.js';
import type { AffectRule } from './matching/types.js';

/**
 * Operator exposure: an organization's inventories of what it runs, the exposures the matcher finds
 * in them (organization × component × vulnerability), their remediation, and the stateless scan and
 * feed bundle the CLI uses.
 */

const Timestamp = z.iso.datetime();
const Ref = z.object({ id: z.string(), name: z.string() });
const Text = (max: number) => z.string().trim().max(max);

// ---- inventories and components -------------------------------------------------------------

export const InventoryCreate = z.object({
  name: Text(200).min(1),
  description: Text(2000).default(''),
  orgId: z
    .string()
    .max(64)
    .optional()
    .describe('Clearinghouse staff may create one for another organization.'),
});
export type InventoryCreate = z.input<typeof InventoryCreate>;

export const InventoryUpdate = z.object({
  name: Text(200).min(1).optional(),
  description: Text(2000).optional(),
});
export type InventoryUpdate = z.infer<typeof InventoryUpdate>;

export const INVENTORY_FORMATS = ['cyclonedx', 'spdx', 'csv', 'package-lock'] as const;
export const InventoryFormatName = z.enum(INVENTORY_FORMATS);

export const Inventory = z.object({
  id: z.string(),
  org: Ref,
  name: z.string(),
  description: z.string(),
  componentCount: z.number().int(),
  openExposures: z.number().int().describe('Open or acknowledged, high confidence or promoted.'),
  lastUpload: z
    .object({ id: z.string(), filename: z.string(), format: InventoryFormatName, at: Timestamp })
    .nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Inventory = z.infer<typeof Inventory>;

export const ComponentHashView = z.object({ alg: z.string(), value: z.string() });

/** A component added by hand (the same fields a CSV row has). */
export const ComponentInput = z
  .object({
    name: Text(300).min(1),
    vendor: Text(200).min(1).nullable().default(null),
    version: Text(100).min(1).nullable().default(null),
    purl: Text(1000).min(1).nullable().default(null),
    cpe: Text(1000).min(1).nullable().default(null),
    modelNumber: Text(200).min(1).nullable().default(null),
    site: Text(200).min(1).nullable().default(null),
  })
  .describe('purl and CPE are checked; an invalid one is refused with the reason.');
export type ComponentInput = z.input<typeof ComponentInput>;

export const Component = z.object({
  id: z.string(),
  inventoryId: z.string(),
  name: z.string(),
  vendor: z.string().nullable(),
  version: z.string().nullable(),
  purl: z.string().nullable(),
  cpe: z.string().nullable(),
  modelNumber: z.string().nullable(),
  hashes: z.array(ComponentHashView),
  site: z.string().nullable(),
  source: z.enum(['upload', 'manual']),
  openExposures: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Component = z.infer<typeof Component>;

export const ComponentListQuery = z.object({
  q: z.string().trim().max(200).optional().describe('Matches name, vendor, purl or CPE.'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ComponentListQuery = z.infer<typeof ComponentListQuery>;

/** One line of an upload's change report. */
export const ComponentChange = z.object({
  name: z.string(),
  vendor: z.string().nullable(),
  purl: z.string().nullable(),
  cpe: z.string().nullable(),
  before: z.string().nullable().describe('The version before (null when added).'),
  after: z.string().nullable().describe('The version after (null when removed).'),
});
export type ComponentChange = z.infer<typeof ComponentChange>;

export const InventoryProblemView = z.object({
  location: z.string().describe('`line 7, column version` or a JSON pointer such as /components/3/purl.'),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});

/**
 * What an upload did. An upload with any error is refused whole (422, every problem in
 * `error.details` with its location as `path`); warnings are reported and the rest imported.
 */
export const InventoryUploadReport = z.object({
  id: z.string(),
  inventoryId: z.string(),
  filename: z.string(),
  format: InventoryFormatName,
  specVersion: z.string().nullable(),
  counts: z.object({
    components: z.number().int(),
    added: z.number().int(),
    removed: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
  }),
  /** Each list holds at most 500 entries; the counts are exact. */
  added: z.array(ComponentChange),
  removed: z.array(ComponentChange),
  changed: z.array(ComponentChange),
  problems: z.array(InventoryProblemView),
  exposuresFound: z.number().int().describe('New alerting exposures this upload revealed.'),
  uploadedBy: Ref.nullable(),
  createdAt: Timestamp,
});
export type InventoryUploadReport = z.infer<typeof InventoryUploadReport>;

// ---- exposures ---------------------------------------------------------------------------------

/** open → acknowledged → remediated | mitigated | not_affected | risk_accepted; any closed one may reopen. */
export const EXPOSURE_STATUSES = [
  'open',
  'acknowledged',
  'remediated',
  'mitigated',
  'not_affected',
  'risk_accepted',
] as const;
export const ExposureStatus = z.enum(EXPOSURE_STATUSES);
export type ExposureStatus = z.infer<typeof ExposureStatus>;
export const ACTIVE_EXPOSURE_STATUSES: readonly ExposureStatus[] = ['open', 'acknowledged'];

export const MATCH_CONFIDENCES = ['purl', 'cpe', 'model', 'name'] as const;
export const MatchConfidenceName = z.enum(MATCH_CONFIDENCES);

/**
 * The order to act in: `exploited` (known exploited, KEV) first, then SSVC `act`, `attend`, then by
 * CVSS. `score` sorts within and across tiers (higher first).
 */
export const PRIORITY_TIERS = ['exploited', 'act', 'attend', 'track'] as const;
export const PriorityTier = z.enum(PRIORITY_TIERS);
export type PriorityTier = z.infer<typeof PriorityTier>;

export const ExposureSource = z.object({
  kind: z.enum(['advisory', 'csaf', 'osv']).describe('Our released advisory, or an imported document.'),
  id: z.string().describe('Advisory id or imported document id.'),
  trackingId: z.string().describe('CHSA-…, the CSAF tracking id or the OSV id.'),
  title: z.string(),
  publisher: z.string(),
  url: z.string().nullable().describe('Where a reader opens it (web path or source URL).'),
  tlp: Tlp,
});
export type ExposureSource = z.infer<typeof ExposureSource>;

export const VulnerabilitySummary = z.object({
  key: z.string().describe('The CVE id when there is one, else the source id (OSV id, advisory#n).'),
  title: z.string(),
  aliases: z.array(z.string()),
  cvss: z
    .object({ version: z.enum(['3.1', '4.0', '3.0']), vector: z.string().nullable(), score: z.number() })
    .nullable(),
  ssvcDecision: z.enum(SSVC_DECISIONS).nullable(),
  exploited: z.boolean(),
  kev: z
    .object({ dateAdded: z.string(), dueDate: z.string().nullable(), ransomware: z.boolean() })
    .nullable(),
  cwe: z.string().nullable(),
});
export type VulnerabilitySummary = z.infer<typeof VulnerabilitySummary>;

export const ExposureAction = z.object({
  text: z.string().describe('Plain language: "Update Acme Infusion Pump firmware to 4.2.1".'),
  url: z.string().nullable().describe('The vendor patch or advisory link.'),
  fixedVersion: z.string().nullable(),
});
export type ExposureAction = z.infer<typeof ExposureAction>;

export const Exposure = z.object({
  id: z.string(),
  org: Ref,
  inventory: Ref,
  component: Component.pick({
    id: true,
    name: true,
    vendor: true,
    version: true,
    purl: true,
    cpe: true,
    modelNumber: true,
    site: true,
  }),
  vulnerability: VulnerabilitySummary,
  sources: z.array(ExposureSource),
  confidence: MatchConfidenceName,
  /** Alerts (and shows on "what to do today"): high confidence, or promoted by the operator. */
  alerting: z.boolean(),
  triage: z.enum(['auto', 'promoted', 'dismissed']),
  status: ExposureStatus,
  justification: VexJustification.nullable(),
  note: z.string(),
  riskAcceptedUntil: Timestamp.nullable(),
  priority: z.object({ tier: PriorityTier, score: z.number() }),
  action: ExposureAction,
  /** True when a revised advisory no longer covers the component: closed by the source, not the operator. */
  withdrawn: z.boolean(),
  firstSeenAt: Timestamp,
  acknowledgedAt: Timestamp.nullable(),
  resolvedAt: Timestamp.nullable(),
  updatedAt: Timestamp,
});
export type Exposure = z.infer<typeof Exposure>;

export const ExposureEvent = z.object({
  at: Timestamp,
  actor: Ref.nullable().describe('Null for the matcher.'),
  from: ExposureStatus.nullable(),
  to: ExposureStatus,
  note: z.string(),
});
export type ExposureEvent = z.infer<typeof ExposureEvent>;

export const ExposureDetail = Exposure.extend({ history: z.array(ExposureEvent) });
export type ExposureDetail = z.infer<typeof ExposureDetail>;

export const ExposureListQuery = z.object({
  orgId: z.string().max(64).optional().describe('Staff only: another organization.'),
  inventoryId: z.string().max(64).optional(),
  status: z
    .string()
    .optional()
    .describe('Comma-separated statuses; default open,acknowledged.')
    .transform((s) => (s ? s.split(',').map((x) => x.trim()) : ['open', 'acknowledged']))
    .pipe(z.array(ExposureStatus).min(1)),
  alerting: z
    .enum(['true', 'false', 'all'])
    .default('true')
    .describe('true: alerting only (default); false: the low-confidence ones to triage; all.'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ExposureListQuery = z.input<typeof ExposureListQuery>;

export const ExposureStatusChange = z
  .object({
    status: ExposureStatus,
    justification: VexJustification.nullable().default(null),
    note: Text(5000).default(''),
    until: Timestamp.nullable()
      .default(null)
      .describe('risk_accepted: when the acceptance ends and the exposure reopens.'),
  })
  .refine((s) => (s.status === 'not_affected') === (s.justification !== null), {
    error: 'Not affected needs a VEX justification, and only not affected has one.',
    path: ['justification'],
  })
  .refine((s) => (s.status === 'risk_accepted') === (s.until !== null), {
    error: 'Accepting a risk needs an end date (until), and only that status has one.',
    path: ['until'],
  });
export type ExposureStatusChange = z.input<typeof ExposureStatusChange>;

export const ExposureTriage = z.object({
  triage: z
    .enum(['promoted', 'dismissed', 'auto'])
    .describe('Promote a low-confidence match to alert, dismiss it, or undo.'),
});
export type ExposureTriage = z.infer<typeof ExposureTriage>;

// ---- suppressions ------------------------------------------------------------------------------

/**
 * An ignore rule, keyed on the component's identity without its version (purl without version,
 * CPE vendor:product, vendor + name), so an upgrade does not undo it; it always expires.
 */
export const SuppressionCreate = z.object({
  componentId: z.string().max(64).describe('The component whose identity (not version) is suppressed.'),
  vulnerabilityKey: z
    .string()
    .max(200)
    .nullable()
    .default(null)
    .describe('One vulnerability, or null for all.'),
  reason: Text(2000).min(3),
  expiresAt: Timestamp,
});
export type SuppressionCreate = z.input<typeof SuppressionCreate>;

export const Suppression = z.object({
  id: z.string(),
  orgId: z.string(),
  identity: z.string().describe('e.g. purl:pkg:npm/lodash, cpe:acme:pump, name:acme|infusion pump'),
  label: z.string(),
  vulnerabilityKey: z.string().nullable(),
  reason: z.string(),
  expiresAt: Timestamp,
  createdBy: Ref.nullable(),
  createdAt: Timestamp,
});
export type Suppression = z.infer<typeof Suppression>;

// ---- metrics -------------------------------------------------------------------------------------

export const ExposureMetricsQuery = z.object({
  groupBy: z.enum(['organization', 'sector']).default('organization'),
});
export const ExposureMetricsRow = z.object({
  key: z.string(),
  label: z.string(),
  exposures: z.number().int(),
  open: z.number().int(),
  acknowledged: z.number().int(),
  resolved: z.number().int(),
  medianHoursToAcknowledge: z.number().nullable(),
  medianHoursToRemediate: z.number().nullable(),
});
export type ExposureMetricsRow = z.infer<typeof ExposureMetricsRow>;
export const ExposureMetrics = z.object({
  groupBy: z.enum(['organization', 'sector']),
  rows: z.array(ExposureMetricsRow),
});
export type ExposureMetrics = z.infer<typeof ExposureMetrics>;

// ---- stateless scan and the offline feed bundle ---------------------------------------------------

export const ScanComponent = z.object({
  name: Text(300).min(1),
  vendor: Text(200).nullable().default(null),
  version: Text(100).nullable().default(null),
  purl: Text(1000).nullable().default(null),
  cpe: Text(1000).nullable().default(null),
  modelNumber: Text(200).nullable().default(null),
});
export type ScanComponent = z.input<typeof ScanComponent>;

export const ScanRequest = z.object({
  components: z.array(ScanComponent).min(1).max(100_000),
  includeLowConfidence: z.boolean().default(false),
});
export type ScanRequest = z.input<typeof ScanRequest>;

export const ScanMatch = z.object({
  componentIndex: z.number().int(),
  vulnerabilityKey: z.string(),
  confidence: MatchConfidenceName,
  productLabel: z.string(),
  fixedVersion: z.string().nullable(),
});
export type ScanMatch = z.infer<typeof ScanMatch>;

export const ScanResult = z.object({
  matches: z.array(ScanMatch),
  vulnerabilities: z.record(z.string(), VulnerabilitySummary.extend({ sources: z.array(ExposureSource) })),
});
export type ScanResult = z.infer<typeof ScanResult>;

/**
 * The offline feed (`clearinghouse feed pull`): every affect rule and vulnerability summary the caller
 * may read (anonymous: TLP:CLEAR only), for `clearinghouse scan --offline`.
 */
export const FEED_BUNDLE_FORMAT = 'clearinghouse-feed@1';
export const FeedBundleHeader = z.object({
  format: z.literal(FEED_BUNDLE_FORMAT),
  generatedAt: Timestamp,
  publisher: z.string(),
  ruleCount: z.number().int(),
  vulnerabilityCount: z.number().int(),
});
export type FeedBundleHeader = z.infer<typeof FeedBundleHeader>;

// ---- what notifications receive ------------------------------------------------------------------

/**
 * An exposure as the notifications module sees it: enough to filter by a subscription and to write a
 * message, nothing classified. Built by the exposure module only for exposures the organization may
 * still read (released source, TLP audience), at the time of sending.
 */
export const ExposureNotice = z.object({
  exposureId: z.string(),
  orgId: z.string(),
  inventoryId: z.string(),
  inventoryName: z.string(),
  component: z.string().describe('Name and version, as a person reads it.'),
  vulnerability: VulnerabilitySummary,
  priority: z.object({ tier: PriorityTier, score: z.number() }),
  action: ExposureAction,
  tlp: Tlp.describe('The most restrictive label of the sources the notice draws on.'),
  webPath: z.string().describe('/exposures/<id> on the clearinghouse web app.'),
  firstSeenAt: Timestamp,
});
export type ExposureNotice = z.infer<typeof ExposureNotice>;

/** The whole bundle: the header's fields, then the rules and the vulnerabilities they point to. */
export interface FeedBundle extends FeedBundleHeader {
  rules: AffectRule[];
  vulnerabilities: Record<string, VulnerabilitySummary & { sources: ExposureSource[] }>;
}

// ---- ranking (the server's exposures and the CLI's scan findings sort the same way) ----------------

/**
 * The order to act in, as operators without security staff need it: what attackers already use (KEV)
 * first, then what SSVC says to act on or attend to, then by CVSS. The score sorts across tiers:
 * each tier owns a band of 1000, CVSS (×10) orders within it, and the match confidence breaks ties.
 */
const TIER_BASE: Readonly<Record<PriorityTier, number>> = {
  exploited: 3000,
  act: 2000,
  attend: 1000,
  track: 0,
};
const CONFIDENCE_BONUS: Readonly<Record<(typeof MATCH_CONFIDENCES)[number], number>> = {
  purl: 3,
  cpe: 2,
  model: 2,
  name: 0,
};

export function priorityOf(
  v: Pick<VulnerabilitySummary, 'exploited' | 'kev' | 'ssvcDecision' | 'cvss'>,
  confidence: (typeof MATCH_CONFIDENCES)[number],
): { tier: PriorityTier; score: number } {
  const tier: PriorityTier =
    v.exploited || v.kev !== null
      ? 'exploited'
      : v.ssvcDecision === 'act'
        ? 'act'
        : v.ssvcDecision === 'attend'
          ? 'attend'
          : 'track';
  const cvss = v.cvss?.score ?? 0;
  return { tier, score: TIER_BASE[tier] + Math.round(cvss * 10) * 10 + CONFIDENCE_BONUS[confidence] };
}
