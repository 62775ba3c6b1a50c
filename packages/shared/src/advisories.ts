import { z } from 'zod';
import { SsvcResult } from './reports.js';
import { StatementStatus, VexJustification } from './cases.js';
import { Tlp } from './tlp.js';

/**
 * An advisory is the publishable form of a case. Its content is a neutral model (not CSAF
 * itself): the CSAF 2.0 document, the OSV records and the CVE 5.1 records are all rendered from
 * it, so a 2.1 renderer can be added beside the 2.0 one.
 */

const Timestamp = z.iso.datetime();
const Ref = z.object({ id: z.string(), name: z.string() });
const Text = (max: number) => z.string().trim().max(max);

/** draft → review (shared with the case's participants) → approved → released. */
export const ADVISORY_STATUSES = ['draft', 'review', 'approved', 'released'] as const;
export const AdvisoryStatus = z.enum(ADVISORY_STATUSES);
export type AdvisoryStatus = z.infer<typeof AdvisoryStatus>;

/** CSAF profiles we publish: a security advisory, or a VEX statement (status only, no advisory text). */
export const AdvisoryProfile = z.enum(['csaf_security_advisory', 'csaf_vex']);
export type AdvisoryProfile = z.infer<typeof AdvisoryProfile>;

export const REMEDIATION_CATEGORIES = [
  'vendor_fix',
  'workaround',
  'mitigation',
  'none_available',
  'no_fix_planned',
] as const;
export const RemediationCategory = z.enum(REMEDIATION_CATEGORIES);
export type RemediationCategory = z.infer<typeof RemediationCategory>;

const ProductKey = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a product key: letters, digits, dot, dash, underscore');

/** One product (vendor → product → version or range) of the product tree. */
export const AdvisoryProduct = z
  .object({
    key: ProductKey.describe('Stable within the advisory; becomes the CSAF product_id.'),
    vendor: Text(200).min(1),
    product: Text(300).min(1),
    version: Text(100).min(1).nullable().default(null).describe('One exact version.'),
    range: Text(500)
      .min(1)
      .nullable()
      .default(null)
      .describe('A version range, preferably a vers: URI such as vers:npm/>=1.0.0|<1.4.2.'),
    purl: Text(1000).nullable().default(null),
    cpe: Text(1000).nullable().default(null),
    modelNumbers: z.array(Text(200).min(1)).max(50).default([]),
  })
  .refine((p) => !(p.version && p.range), {
    error: 'A product has a version or a range, not both.',
    path: ['range'],
  });
export type AdvisoryProduct = z.infer<typeof AdvisoryProduct>;

export const ProductStatusEntry = z
  .object({
    productKey: ProductKey,
    status: StatementStatus,
    justification: VexJustification.nullable().default(null),
    statement: Text(10_000).default(''),
  })
  .refine((s) => (s.status === 'not_affected') === (s.justification !== null), {
    error: 'Not affected needs a VEX justification, and only not affected has one.',
    path: ['justification'],
  });
export type ProductStatusEntry = z.infer<typeof ProductStatusEntry>;

export const Remediation = z.object({
  category: RemediationCategory,
  details: Text(10_000).min(1),
  url: z
    .url({ protocol: /^https?$/ })
    .max(1000)
    .nullable()
    .default(null),
  productKeys: z.array(ProductKey).min(1).max(500),
});
export type Remediation = z.infer<typeof Remediation>;

export const AdvisoryReference = z.object({
  url: z.url({ protocol: /^https?$/ }).max(1000),
  summary: Text(500).min(1),
  category: z.enum(['external', 'self']).default('external'),
});
export type AdvisoryReference = z.infer<typeof AdvisoryReference>;

export const Acknowledgment = z.object({
  names: z.array(Text(200).min(1)).max(50).default([]),
  organization: Text(200).min(1).nullable().default(null),
  summary: Text(500).default(''),
});
export type Acknowledgment = z.infer<typeof Acknowledgment>;

const CvssVectorText = Text(300).min(1).nullable().default(null);

export const AdvisoryVulnerability = z.object({
  caseVulnerabilityId: z.string().max(64).nullable().default(null),
  cveId: z
    .string()
    .trim()
    .regex(/^CVE-\d{4}-\d{4,19}$/, 'a CVE id such as CVE-2026-12345')
    .nullable()
    .default(null),
  title: Text(300).min(3),
  notes: Text(20_000).default('').describe('What the vulnerability is (Markdown).'),
  cwe: z
    .string()
    .trim()
    .regex(/^CWE-[1-9]\d{0,5}$/, 'a CWE id such as CWE-79')
    .nullable()
    .default(null),
  cvss31: CvssVectorText,
  cvss40: CvssVectorText,
  ssvc: SsvcResult.nullable().default(null),
  exploited: z.boolean().default(false).describe('Known to be exploited (listed in the KEV catalog).'),
  exploitedSince: z.iso.date().nullable().default(null),
  statuses: z.array(ProductStatusEntry).max(2000).default([]),
  remediations: z.array(Remediation).max(500).default([]),
  references: z.array(AdvisoryReference).max(100).default([]),
});
export type AdvisoryVulnerability = z.infer<typeof AdvisoryVulnerability>;

export const AdvisoryContent = z.object({
  title: Text(300).min(5),
  profile: AdvisoryProfile.default('csaf_security_advisory'),
  tlp: Tlp,
  summary: Text(20_000).default(''),
  details: Text(50_000).default('').describe('Longer notes for readers (Markdown).'),
  products: z.array(AdvisoryProduct).max(2000).default([]),
  vulnerabilities: z.array(AdvisoryVulnerability).min(1).max(200),
  references: z.array(AdvisoryReference).max(100).default([]),
  acknowledgments: z.array(Acknowledgment).max(100).default([]),
});
export type AdvisoryContent = z.infer<typeof AdvisoryContent>;
export type AdvisoryContentInput = z.input<typeof AdvisoryContent>;

/** One finding of the validation (ours, or a CSAF test of the `basic` preset). */
export const ValidationFinding = z.object({
  test: z.string().describe('e.g. csaf_2_0_strict, 6.1.1, or content'),
  path: z.string(),
  message: z.string(),
});
export type ValidationFinding = z.infer<typeof ValidationFinding>;

export const AdvisoryValidation = z.object({
  valid: z.boolean(),
  errors: z.array(ValidationFinding),
  warnings: z.array(ValidationFinding),
});
export type AdvisoryValidation = z.infer<typeof AdvisoryValidation>;

export const AdvisoryRevisionSummary = z.object({
  number: z.number().int(),
  summary: z.string(),
  author: Ref.nullable(),
  createdAt: Timestamp,
  releasedAt: Timestamp.nullable(),
  sha256: z.string().nullable().describe('Of the released CSAF document.'),
});
export type AdvisoryRevisionSummary = z.infer<typeof AdvisoryRevisionSummary>;

export const AdvisorySummary = z.object({
  id: z.string(),
  ref: z.string().describe('The tracking id, e.g. CHSA-2026-0001.'),
  title: z.string(),
  tlp: Tlp,
  status: AdvisoryStatus,
  caseId: z.string().nullable(),
  caseRef: z.string().nullable(),
  cves: z.array(z.string()),
  releaseAt: Timestamp.nullable().describe('When the release job will run (the embargo end).'),
  releasedAt: Timestamp.nullable().describe('First release.'),
  updatedAt: Timestamp,
  source: z.enum(['local', 'imported']),
});
export type AdvisorySummary = z.infer<typeof AdvisorySummary>;

export const Advisory = AdvisorySummary.extend({
  revision: z.number().int().describe('The revision being edited or shown.'),
  publishedRevision: z.number().int().nullable(),
  content: AdvisoryContent,
  revisions: z.array(AdvisoryRevisionSummary),
  approvedBy: Ref.nullable(),
  approvedAt: Timestamp.nullable(),
  earlyRelease: z.object({ reason: z.string(), by: Ref, at: Timestamp }).nullable(),
  documents: z
    .object({
      csaf: z.string().nullable().describe('URL of the released CSAF document.'),
      osv: z.array(z.object({ id: z.string(), url: z.string() })),
    })
    .describe('Where the released forms are served.'),
  canEdit: z.boolean(),
  embargoEndsAt: Timestamp.nullable().describe('The case’s active embargo (for its editors).'),
});
export type Advisory = z.infer<typeof Advisory>;

export const AdvisoryDraftCreate = z.object({
  caseId: z.string().max(64).describe('The case id or CH- reference.'),
  profile: AdvisoryProfile.default('csaf_security_advisory'),
});
export type AdvisoryDraftCreate = z.infer<typeof AdvisoryDraftCreate>;

export const AdvisoryUpdate = z.object({
  content: AdvisoryContent,
  summary: Text(500).min(1).default('Edited').describe('What changed, for the revision history.'),
  revision: z.number().int().describe('The revision you edited (optimistic concurrency).'),
});
export type AdvisoryUpdate = z.input<typeof AdvisoryUpdate>;

export const AdvisoryTransition = z.object({
  action: z.enum(['share', 'approve', 'reopen']),
  revision: z.number().int(),
});
export type AdvisoryTransition = z.infer<typeof AdvisoryTransition>;

export const EarlyRelease = z.object({
  reason: Text(5000).min(10).describe('Why the embargo is broken, e.g. active exploitation.'),
});
export type EarlyRelease = z.infer<typeof EarlyRelease>;

export const AdvisoryListQuery = z.object({
  q: z.string().max(200).optional(),
  status: AdvisoryStatus.optional(),
  cve: z.string().max(40).optional(),
  source: z.enum(['local', 'imported']).optional(),
  caseId: z.string().max(64).optional().describe('Only the advisories of this case (id).'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type AdvisoryListQuery = z.infer<typeof AdvisoryListQuery>;

// ---- imports from other publishers ---------------------------------------------------------

export const IntegrityCheck = z.enum(['verified', 'mismatch', 'absent', 'unavailable']);
export const SignatureCheck = z.enum(['verified', 'bad', 'absent', 'unknown_key', 'unavailable']);

export const ImportIntegrity = z.object({
  sha256: IntegrityCheck,
  sha512: IntegrityCheck,
  signature: SignatureCheck,
  signer: z.string().nullable().describe('Fingerprint of the key that made a verified signature.'),
});
export type ImportIntegrity = z.infer<typeof ImportIntegrity>;

export const ImportedProduct = z.object({
  productId: z.string(),
  name: z.string(),
  vendor: z.string().optional(),
  product: z.string().optional(),
  version: z.string().optional(),
  range: z.string().optional(),
  purl: z.string().optional(),
  cpe: z.string().optional(),
});

export const ImportedSummary = z.object({
  id: z.string(),
  format: z.enum(['csaf', 'osv']),
  trackingId: z.string().describe('The CSAF tracking id or the OSV id.'),
  title: z.string(),
  publisher: z.string(),
  tlp: z.string().describe('As the source labelled it (CSAF 2.0: WHITE, GREEN, AMBER, RED).'),
  cves: z.array(z.string()),
  sourceUrl: z.string().nullable(),
  valid: z.boolean().describe('Passed the CSAF basic preset or the OSV schema.'),
  integrity: ImportIntegrity,
  currentReleaseDate: z.string().nullable(),
  importedAt: Timestamp,
});
export type ImportedSummary = z.infer<typeof ImportedSummary>;

export const ImportedAdvisory = ImportedSummary.extend({
  problems: z.array(ValidationFinding),
  products: z.array(ImportedProduct),
  importedBy: Ref.nullable(),
});
export type ImportedAdvisory = z.infer<typeof ImportedAdvisory>;

/** What happened to one document of an import. */
export const ImportOutcome = z.object({
  source: z.string().describe('The URL or file (and entry) it came from.'),
  outcome: z.enum(['inserted', 'updated', 'unchanged', 'rejected']),
  document: ImportedSummary.nullable().describe('Null when rejected before it could be read.'),
  problems: z.array(ValidationFinding),
});
export type ImportOutcome = z.infer<typeof ImportOutcome>;

export const ImportReport = z.object({
  documents: z.array(ImportOutcome),
  counts: z.object({
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    invalid: z.number().int().describe('Stored, but flagged: they fail mandatory tests.'),
  }),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportFromUrl = z.object({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe(
      'A CSAF document, a provider-metadata.json (its ROLIE feeds or directories are followed), or an OSV record.',
    ),
  limit: z
    .number()
    .int()
    .min(1)
    .max(5000)
    .default(500)
    .describe('At most this many documents from a provider.'),
});
export type ImportFromUrl = z.input<typeof ImportFromUrl>;

export const ImportListQuery = z.object({
  q: z.string().max(200).optional(),
  format: z.enum(['csaf', 'osv']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
