import { describe, expect, it } from 'vitest';
import { formatInstant, formatInstantsIn } from '../../src/app/format';
import { instantFromZonedWallTime } from '../../src/features/cases/zoned-time';

describe('an embargo end typed as wall-clock time in a zone', () => {
  it('becomes the exact instant with the zone’s offset', () => {
    const r = instantFromZonedWallTime('2027-01-15T09:30', 'America/New_York');
    expect(r).toMatchObject({ ok: true, iso: '2027-01-15T09:30:00-05:00' });
    expect(r.ok && r.utc.toISOString()).toBe('2027-01-15T14:30:00.000Z');
    expect(instantFromZonedWallTime('2027-07-01T12:00', 'Asia/Kathmandu')).toMatchObject({
      ok: true,
      iso: '2027-07-01T12:00:00+05:45',
    });
    expect(instantFromZonedWallTime('2027-01-15T14:00', 'UTC')).toMatchObject({
      ok: true,
      iso: '2027-01-15T14:00:00Z',
    });
  });

  it('refuses a time the clocks skip, and takes the first of a time that happens twice', () => {
    // 2027-03-14 02:30 does not exist in New York (clocks jump from 02:00 to 03:00).
    expect(instantFromZonedWallTime('2027-03-14T02:30', 'America/New_York')).toEqual({
      ok: false,
      reason: 'nonexistent',
    });
    // 2027-11-07 01:30 happens twice; the first is daylight time (-04:00).
    expect(instantFromZonedWallTime('2027-11-07T01:30', 'America/New_York')).toMatchObject({
      ok: true,
      iso: '2027-11-07T01:30:00-04:00',
    });
    expect(instantFromZonedWallTime('not a time', 'UTC')).toEqual({ ok: false, reason: 'invalid' });
    expect(instantFromZonedWallTime('2027-01-15T09:30', 'Mars/Olympus_Mons')).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});

describe('an instant shown to a reader', () => {
  it('names UTC and the reader’s zone, repeating the date when it differs', () => {
    expect(formatInstant('2027-01-15T14:30:00.000Z', '—', 'America/New_York')).toBe(
      '2027-01-15 14:30 UTC (09:30 EST)',
    );
    expect(formatInstant('2027-01-15T23:30:00.000Z', '—', 'Australia/Sydney')).toBe(
      '2027-01-15 23:30 UTC (2027-01-16 10:30 GMT+11)',
    );
    expect(formatInstant('2027-01-15T14:30:00.000Z', '—', 'UTC')).toBe('2027-01-15 14:30 UTC');
    expect(formatInstant(null)).toBe('—');
    expect(formatInstantsIn('Embargo agreed until 2027-01-15T14:30:00.000Z')).toMatch(
      /^Embargo agreed until 2027-01-15 14:30 UTC/,
    );
  });
});
