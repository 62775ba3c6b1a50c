import type { FileProblem } from './file-problems.js';
import type { ScanFinding } from './scan-findings.js';

/**
 * The ignore file of `scan --ignore`, in the spirit of osv-scanner's `[[IgnoredVulns]]` config but
 * JSON (no TOML parser needed):
 *
 *   { "ignore": [ { "id": "CVE-2026-40001", "reason": "not reachable: we never parse untrusted input",
 *                   "until": "2027-01-31" } ] }
 *
 * `id` is a CVE id or any alias the finding carries (an OSV or advisory id). `reason` is required: an
 * ignore nobody can explain later is a finding lost. `until` (optional) is a date, through which the
 * entry applies (UTC), or an ISO-8601 timestamp; once past, the entry no longer applies and the scan
 * warns, so a decision to wait is looked at again.
 */
export interface IgnoreEntry {
  readonly id: string;
  readonly reason: string;
  /** As written in the file, or null for an entry without end. */
  readonly until: string | null;
}

export interface IgnoreList {
  /** Entries in force now. */
  readonly active: readonly IgnoreEntry[];
  /** Entries whose `until` has passed. */
  readonly expired: readonly IgnoreEntry[];
}

export type IgnoreParse = { ok: true; list: IgnoreList } | { ok: false; problems: FileProblem[] };

const ENTRY_KEYS = new Set(['id', 'reason', 'until']);
const ID_MAX = 200;
const REASON_MAX = 2000;

/** Reads the ignore file's JSON value; every problem is reported with its JSON pointer. */
export function parseIgnoreFile(json: unknown, now: Date): IgnoreParse {
  const problems: FileProblem[] = [];
  if (!isRecord(json) || !Array.isArray(json.ignore)) {
    return { ok: false, problems: [{ location: '', message: 'expected an object {"ignore": [ … ]}' }] };
  }
  for (const key of Object.keys(json)) {
    if (key !== 'ignore') problems.push({ location: `/${key}`, message: 'unknown property' });
  }
  const active: IgnoreEntry[] = [];
  const expired: IgnoreEntry[] = [];
  json.ignore.forEach((value, index) => {
    const at = `/ignore/${index}`;
    if (!isRecord(value)) {
      problems.push({
        location: at,
        message: 'expected an object with "id", "reason" and optionally "until"',
      });
      return;
    }
    for (const key of Object.keys(value)) {
      if (!ENTRY_KEYS.has(key)) {
        problems.push({ location: `${at}/${key}`, message: 'unknown property (expected id, reason, until)' });
      }
    }
    const id = text(value.id, `${at}/id`, ID_MAX, problems);
    const reason = text(value.reason, `${at}/reason`, REASON_MAX, problems);
    let ends: number | null = null;
    if (value.until !== undefined && value.until !== null) {
      ends = typeof value.until === 'string' ? endOf(value.until) : null;
      if (ends === null) {
        problems.push({
          location: `${at}/until`,
          message: 'expected a date (2027-01-31) or an ISO-8601 timestamp (2027-01-31T12:00:00Z)',
        });
      }
    }
    if (id === null || reason === null) return;
    const entry: IgnoreEntry = { id, reason, until: typeof value.until === 'string' ? value.until : null };
    if (ends !== null && ends <= now.getTime()) expired.push(entry);
    else active.push(entry);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, list: { active, expired } };
}

/** The entry of `list` that covers the finding's vulnerability (by its key or any alias). */
export function ignoreEntryFor(list: IgnoreList, finding: ScanFinding): IgnoreEntry | undefined {
  const ids = new Set(
    [finding.vulnerability.key, ...finding.vulnerability.aliases].map((id) => id.toUpperCase()),
  );
  return list.active.find((entry) => ids.has(entry.id.toUpperCase()));
}

function text(value: unknown, location: string, max: number, problems: FileProblem[]): string | null {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push({ location, message: 'required: a non-empty string' });
    return null;
  }
  if (value.length > max) {
    problems.push({ location, message: `at most ${max} characters` });
    return null;
  }
  return value.trim();
}

/** When an `until` stops applying (ms since the epoch): after its day for a date, else the instant. */
function endOf(until: string): number | null {
  const trimmed = until.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    const start = Date.parse(`${trimmed}T00:00:00Z`);
    // Date.parse accepts 2027-02-31 by rolling over; a real date prints back the same.
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== trimmed) return null;
    return start + 24 * 60 * 60 * 1000;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) return null;
  const instant = Date.parse(trimmed);
  return Number.isNaN(instant) ? null : instant;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
