import { viewerTimeZone } from '../../app/format';

/**
 * A wall-clock time in a named time zone (what a `datetime-local` input and a zone picker give)
 * turned into an exact instant, with the standard Intl API only.
 */

/** Every zone the browser knows, UTC first; the viewer's own is always among them. */
export function timeZoneChoices(): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = new Set(['UTC', ...known]);
  zones.add(viewerTimeZone());
  return [...zones];
}

const DAY = 86_400_000;
const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** How far the zone's clocks are ahead of UTC at an instant, in milliseconds. */
function offsetAt(timeZone: string, epochMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(epochMs));
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

export type ZonedInstant =
  | { ok: true; /** With the zone's offset, e.g. 2027-01-15T09:30:00-05:00. */ iso: string; utc: Date }
  | { ok: false; reason: 'invalid' | 'nonexistent' };

/**
 * "2027-01-15T09:30" in "America/New_York" → 2027-01-15T09:30:00-05:00. A time the clocks skip
 * (the hour lost when daylight saving starts) is `nonexistent`; of a time that happens twice,
 * the first is taken.
 */
export function instantFromZonedWallTime(local: string, timeZone: string): ZonedInstant {
  const match = WALL.exec(local);
  if (!match) return { ok: false, reason: 'invalid' };
  const [, y, mo, d, h, mi, s] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s);
  let candidates: number[];
  try {
    // The offsets in force around that wall time (a day either side spans any change of the
    // clocks); each that maps back to the wall time gives an instant.
    const offsets = new Set([-DAY, 0, DAY].map((shift) => offsetAt(timeZone, wall + shift)));
    candidates = [...offsets]
      .map((offset) => wall - offset)
      .filter((epoch) => epoch + offsetAt(timeZone, epoch) === wall)
      .sort((a, b) => a - b);
  } catch {
    // An unknown zone name.
    return { ok: false, reason: 'invalid' };
  }
  const epoch = candidates[0];
  if (epoch === undefined) return { ok: false, reason: 'nonexistent' };
  const offsetMinutes = Math.round((wall - epoch) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const suffix =
    offsetMinutes === 0 ? 'Z' : `${sign}${twoDigits(Math.floor(abs / 60))}:${twoDigits(abs % 60)}`;
  const seconds = twoDigits(Number.isNaN(s) ? 0 : s);
  return {
    ok: true,
    iso: `${local.slice(0, 16)}:${seconds}${suffix}`,
    utc: new Date(epoch),
  };
}
