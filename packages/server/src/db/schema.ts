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

export interface Database {
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
