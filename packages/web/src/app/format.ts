import {
  SECTORS,
  type ClearanceLevel,
  type GlobalRole,
  type OrganizationKind,
  type OrgRole,
  type Sector,
  type TokenScope,
} from '@clearinghouse/shared';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string | null, empty = '—'): string {
  return iso ? dateTime.format(new Date(iso)) : empty;
}

export function formatDate(iso: string | null, empty = '—'): string {
  return iso ? dateOnly.format(new Date(iso)) : empty;
}

/** "1.2 MB", "512 bytes". */
export function formatBytes(size: number): string {
  if (size < 1024) return size === 1 ? '1 byte' : `${size} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit] ?? 'GB'}`;
}

/** The viewer's time zone, such as "America/New_York" (from the browser). */
export function viewerTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** An instant's wall-clock date, time and zone abbreviation in a time zone: "2027-01-15", "09:30", "EST". */
export function wallClock(iso: string, timeZone: string): { date: string; time: string; zone: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
    zone: part('timeZoneName'),
  };
}

/**
 * An exact instant with its time zone, unambiguous wherever the reader is: in UTC, then in the
 * viewer's zone. "2027-01-15 14:30 UTC (09:30 EST)"; the local date is repeated when it differs
 * ("2027-01-15 23:30 UTC (2027-01-16 10:30 GMT+11)"); readers in UTC see it once.
 */
export function formatInstant(iso: string | null, empty = '—', timeZone = viewerTimeZone()): string {
  if (!iso) return empty;
  const utc = wallClock(iso, 'UTC');
  const text = `${utc.date} ${utc.time} UTC`;
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return text;
  const local = wallClock(iso, timeZone);
  return `${text} (${local.date === utc.date ? '' : `${local.date} `}${local.time} ${local.zone})`;
}

const ISO_INSTANT_IN_TEXT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b(?: \(UTC\))?/g;

/** Text from the server with ISO instants in it ("until 2027-01-15T14:30:00.000Z"), shown like every other time. */
export function formatInstantsIn(text: string): string {
  return text.replace(ISO_INSTANT_IN_TEXT, (match) => formatInstant(match.replace(/ \(UTC\)$/, '')));
}

/** "90 seconds" → "2 minutes": how long to wait, from a Retry-After value. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  clearinghouse: 'Clearinghouse',
  vendor: 'Vendor',
  operator: 'Operator',
  ai_developer: 'AI developer',
  researcher: 'Researcher',
  government: 'Government',
};

export const SECTOR_LABELS: Record<Sector, string> = {
  chemical: 'Chemical',
  commercial_facilities: 'Commercial facilities',
  communications: 'Communications',
  critical_manufacturing: 'Critical manufacturing',
  dams: 'Dams',
  defense_industrial_base: 'Defense industrial base',
  emergency_services: 'Emergency services',
  energy: 'Energy',
  financial_services: 'Financial services',
  food_and_agriculture: 'Food and agriculture',
  government_facilities: 'Government facilities',
  healthcare: 'Healthcare and public health',
  information_technology: 'Information technology',
  nuclear: 'Nuclear reactors, materials and waste',
  transportation: 'Transportation systems',
  water: 'Water and wastewater',
  education: 'Education',
  artificial_intelligence: 'Artificial intelligence',
};

/** Every sector, in alphabetical order of its label (the order people look for them in). */
export const SECTORS_BY_LABEL: readonly Sector[] = [...SECTORS].sort((a, b) =>
  SECTOR_LABELS[a].localeCompare(SECTOR_LABELS[b]),
);

export const ORG_ROLE_LABELS: Record<OrgRole, string> = { admin: 'Admin', member: 'Member' };

/** "a member", "an admin": for sentences such as "You are working as a member of …". */
export const ORG_ROLE_WITH_ARTICLE: Record<OrgRole, string> = { admin: 'an admin', member: 'a member' };

export const GLOBAL_ROLE_LABELS: Record<GlobalRole, string> = {
  admin: 'Clearinghouse administrator',
  analyst: 'Analyst',
  coordinator: 'Coordinator',
  evaluator: 'Evaluator',
};

/** What each clearinghouse role is for, in one line (features still to come are said to be coming). */
export const GLOBAL_ROLE_PURPOSES: Record<GlobalRole, string> = {
  admin:
    'Manages accounts, clearinghouse roles and organization verification, and reads the whole audit log.',
  analyst: 'Triages and validates incoming vulnerability reports.',
  coordinator:
    'Triages vulnerability reports, and coordinates their disclosure with reporters, vendors and operators in cases.',
  evaluator: 'Will assess AI models, within their clearance and compartments (coming soon).',
};

export const CLEARANCE_LABELS: Record<ClearanceLevel, string> = {
  none: 'None',
  controlled: 'Controlled',
  secret: 'Secret',
  top_secret: 'Top secret',
};

export const TOKEN_SCOPE_LABELS: Record<TokenScope, string> = {
  read: 'Read',
  write: 'Write',
  admin: 'Admin',
};

export function formatSectors(sectors: readonly Sector[]): string {
  return sectors.length > 0
    ? SECTORS_BY_LABEL.filter((s) => sectors.includes(s))
        .map((s) => SECTOR_LABELS[s])
        .join(', ')
    : '—';
}
