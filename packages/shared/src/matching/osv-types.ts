/**
 * OSV 1.7 record types (https://ossf.github.io/osv-schema/): what the matcher reads and the server writes.
 */
import type { OsvPackage } from './osv-package.js';

export type OsvEvent =
  { introduced: string } | { fixed: string } | { last_affected: string } | { limit: string };

export type OsvRangeType = 'GIT' | 'SEMVER' | 'ECOSYSTEM';

export interface OsvRange {
  type: OsvRangeType;
  /** Required for GIT ranges. */
  repo?: string;
  events: OsvEvent[];
  database_specific?: Record<string, unknown>;
}

export type OsvSeverityType = 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4' | 'Ubuntu';

export interface OsvSeverity {
  type: OsvSeverityType;
  score: string;
}

export interface OsvAffected {
  package?: OsvPackage;
  severity?: OsvSeverity[] | null;
  ranges?: OsvRange[];
  versions?: string[];
  ecosystem_specific?: Record<string, unknown>;
  database_specific?: Record<string, unknown>;
}

export type OsvReferenceType =
  | 'ADVISORY'
  | 'ARTICLE'
  | 'DETECTION'
  | 'DISCUSSION'
  | 'REPORT'
  | 'FIX'
  | 'INTRODUCED'
  | 'GIT'
  | 'PACKAGE'
  | 'EVIDENCE'
  | 'WEB';

export interface OsvReference {
  type: OsvReferenceType;
  url: string;
}

export type OsvCreditType =
  | 'FINDER'
  | 'REPORTER'
  | 'ANALYST'
  | 'COORDINATOR'
  | 'REMEDIATION_DEVELOPER'
  | 'REMEDIATION_REVIEWER'
  | 'REMEDIATION_VERIFIER'
  | 'TOOL'
  | 'SPONSOR'
  | 'OTHER';

export interface OsvCredit {
  name: string;
  contact?: string[];
  type?: OsvCreditType;
}

export interface OsvRecord {
  schema_version?: string;
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[] | null;
  related?: string[];
  upstream?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[] | null;
  affected?: OsvAffected[] | null;
  references?: OsvReference[] | null;
  credits?: OsvCredit[];
  database_specific?: Record<string, unknown>;
}
