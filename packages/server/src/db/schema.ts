import type { ExposureTables } from './schema-exposure.js';
import type { NotificationTables } from './schema-notifications.js';
/**
 * Table shapes as the database stores them. Timestamps are ISO-8601 UTC text on both
 * dialects (they sort correctly as text); JSON is text on SQLite and jsonb on PostgreSQL —
 * repositories write JSON strings and read either form back through zod.
 */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  password_changed_at: string | null;
  totp_secret: string | null;
  totp_enabled_at: string | null;
  clearance: string;
  compartments: unknown;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserGlobalRolesTable {
  user_id: string;
  role: string;
  created_at: string;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface OrganizationsTable {
  id: string;
  name: string;
  kind: string;
  sectors: unknown;
  website: string | null;
  contact_email: string | null;
  verified_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface OrganizationClientsTable {
  organization_id: string;
  client_id: string;
  created_at: string;
}

export interface MembershipsTable {
  id: string;
  user_id: string;
  organization_id: string;
  role: string;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  scope: string;
  token_hash: string;
  prefix: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface InvitationsTable {
  id: string;
  organization_id: string;
  email: string;
  role: string;
  token_hash: string;
  invited_by: string | null;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface LoginAttemptsTable {
  id: string;
  email: string;
  ip: string;
  succeeded: number;
  created_at: string;
}

export interface AuditEventsTable {
  seq: number;
  id: string;
  occurred_at: string;
  action: string;
  actor_user_id: string | null;
  actor_token_id: string | null;
  actor_ip: string | null;
  organization_id: string | null;
  target_type: string | null;
  target_id: string | null;
  data: unknown;
  prev_hash: string;
  hash: string;
}

export interface JobsTable {
  id: string;
  queue: string;
  name: string;
  payload: unknown;
  status: string;
  run_at: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  idempotency_key: string | null;
  locked_by: string | null;
  locked_at: string | null;
  finished_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface BlobsTable {
  sha256: string;
  size: number;
  content_type: string;
  created_at: string;
}

export interface AuthGenerationTable {
  id: number;
  value: number;
}

export interface TotpUsedStepsTable {
  user_id: string;
  step: number;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface ReportsTable {
  id: string;
  ref: string;
  title: string;
  description: string;
  status: string;
  status_reason: string | null;
  duplicate_of: string | null;
  tlp: string;
  requested_tlp: string;
  named_user_ids: unknown;
  source: string;
  reporter_user_id: string | null;
  reporter_org_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  followup_secret_hash: string | null;
  discovery_method: string;
  ai_provenance: unknown;
  tool_provenance: unknown;
  suspected_cwe: string | null;
  suggested_cvss: string | null;
  vendor_contacted: number;
  publicly_known: number;
  exploited_in_wild: number;
  sectors: unknown;
  credit: unknown;
  assignee_id: string | null;
  case_id: string | null;
  first_response_at: string | null;
  triaged_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReportProductsTable {
  id: string;
  report_id: string;
  position: number;
  vendor: string;
  product: string;
  versions: string;
  purl: string | null;
  cpe: string | null;
}

export interface ReportMessagesTable {
  id: string;
  report_id: string;
  author_user_id: string | null;
  author_kind: string;
  internal: number;
  body: string;
  created_at: string;
}

export interface ReportValidationsTable {
  id: string;
  report_id: string;
  cvss31: unknown;
  cvss40: unknown;
  ssvc: unknown;
  cwe: unknown;
  reproduction_notes: string;
  reproduced: number;
  evidence_attachment_ids: unknown;
  validated_by: string;
  created_at: string;
}

export interface AttachmentsTable {
  id: string;
  owner_type: string;
  owner_id: string;
  sha256: string;
  filename: string;
  media_type: string;
  size: number;
  uploaded_by_user_id: string | null;
  created_at: string;
}

export interface CasesTable {
  id: string;
  ref: string;
  title: string;
  summary: string;
  status: string;
  tlp: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface CaseReportsTable {
  case_id: string;
  report_id: string;
  created_at: string;
}

export interface CaseVulnerabilitiesTable {
  id: string;
  case_id: string;
  ordinal: number;
  title: string;
  description: string;
  cve_id: string | null;
  cvss31: unknown;
  cvss40: unknown;
  ssvc: unknown;
  cwe: unknown;
  report_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface CaseProductsTable {
  id: string;
  case_id: string;
  vendor: string;
  product: string;
  versions: string;
  purl: string | null;
  cpe: string | null;
}

export interface CaseParticipantsTable {
  id: string;
  case_id: string;
  role: string;
  organization_id: string | null;
  user_id: string | null;
  status: string;
  proposed_by_org_id: string | null;
  added_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface VendorStatementsTable {
  id: string;
  case_id: string;
  vulnerability_id: string;
  organization_id: string;
  product: string;
  product_key: string;
  purl: string | null;
  cpe: string | null;
  status: string;
  justification: string | null;
  statement: string;
  affected_versions: string;
  fixed_versions: unknown;
  patches: unknown;
  shared: number;
  approved_at: string | null;
  approved_by: string | null;
  updated_by: string;
  created_at: string;
  updated_at: string;
}

export interface EmbargoesTable {
  id: string;
  case_id: string;
  ends_at: string;
  reason: string;
  status: string;
  proposed_by: string;
  proposed_by_org_id: string | null;
  responses: unknown;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface CaseThreadsTable {
  id: string;
  case_id: string;
  kind: string;
  participant_id: string | null;
  title: string;
  created_at: string;
}

export interface CasePostsTable {
  id: string;
  thread_id: string;
  author_user_id: string;
  body: string;
  revision: number;
  created_at: string;
  updated_at: string;
}

export interface CasePostRevisionsTable {
  id: string;
  post_id: string;
  revision: number;
  body: string;
  created_at: string;
}

export interface VendorProductsTable {
  id: string;
  organization_id: string;
  name: string;
  purl: string | null;
  cpe: string | null;
  created_at: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  read_at: string | null;
  created_at: string;
}

export interface AdvisoriesTable {
  id: string;
  ref: string;
  case_id: string | null;
  status: string;
  tlp: string;
  title: string;
  /** Space-separated CVE ids, for search. */
  cves: string;
  revision: number;
  published_revision: number | null;
  published_tlp: string | null;
  published_title: string | null;
  published_cves: string | null;
  release_at: string | null;
  released_at: string | null;
  approved_by: string | null;
  approved_at: string | null;
  early_release: unknown;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface AdvisoryRevisionsTable {
  advisory_id: string;
  number: number;
  content: unknown;
  summary: string;
  author_id: string | null;
  created_at: string;
  released_at: string | null;
  sha256: string | null;
}

export interface CsafDocumentsTable {
  id: string;
  advisory_id: string;
  revision: number;
  current: number;
  tracking_id: string;
  title: string;
  tlp: string;
  folder: string;
  path: string;
  body: string;
  sha256: string;
  sha512: string;
  signature: string;
  key_fingerprint: string;
  audience: unknown;
  initial_release_date: string;
  current_release_date: string;
  published_at: string;
}

export interface OsvRecordsTable {
  id: string;
  source: string;
  advisory_id: string | null;
  vulnerability_key: string | null;
  /** Null while an id is reserved for a vulnerability whose record is not released yet. */
  body: string | null;
  published: string | null;
  modified: string;
  source_url: string | null;
  imported_at: string | null;
}

export interface OsvPackagesTable {
  osv_id: string;
  ecosystem: string;
  name: string;
  purl: string | null;
}

export interface CveRecordsTable {
  cve_id: string;
  advisory_id: string;
  body: string;
  exploited: number;
  kev: unknown;
  published_at: string;
  updated_at: string;
  submitted_at: string | null;
  submit_error: string | null;
}

export interface ImportedDocumentsTable {
  id: string;
  format: string;
  tracking_id: string;
  title: string;
  publisher: string;
  tlp: string;
  cves: string;
  source_url: string | null;
  source_origin: string;
  body: string;
  sha256: string;
  integrity: unknown;
  valid: number;
  problems: unknown;
  summary: unknown;
  current_release_date: string | null;
  imported_by: string | null;
  imported_at: string;
}

export interface Database extends ExposureTables, NotificationTables {
  advisories: AdvisoriesTable;
  advisory_revisions: AdvisoryRevisionsTable;
  csaf_documents: CsafDocumentsTable;
  osv_records: OsvRecordsTable;
  osv_packages: OsvPackagesTable;
  cve_records: CveRecordsTable;
  imported_documents: ImportedDocumentsTable;
  cases: CasesTable;
  case_reports: CaseReportsTable;
  case_vulnerabilities: CaseVulnerabilitiesTable;
  case_products: CaseProductsTable;
  case_participants: CaseParticipantsTable;
  vendor_statements: VendorStatementsTable;
  embargoes: EmbargoesTable;
  case_threads: CaseThreadsTable;
  case_posts: CasePostsTable;
  case_post_revisions: CasePostRevisionsTable;
  vendor_products: VendorProductsTable;
  notifications: NotificationsTable;
  counters: CountersTable;
  reports: ReportsTable;
  report_products: ReportProductsTable;
  report_messages: ReportMessagesTable;
  report_validations: ReportValidationsTable;
  attachments: AttachmentsTable;
  password_resets: PasswordResetsTable;
  totp_used_steps: TotpUsedStepsTable;
  auth_generation: AuthGenerationTable;
  users: UsersTable;
  user_global_roles: UserGlobalRolesTable;
  recovery_codes: RecoveryCodesTable;
  organizations: OrganizationsTable;
  organization_clients: OrganizationClientsTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  login_attempts: LoginAttemptsTable;
  audit_events: AuditEventsTable;
  jobs: JobsTable;
  blobs: BlobsTable;
}
