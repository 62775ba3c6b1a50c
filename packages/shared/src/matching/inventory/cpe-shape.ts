/**
 * The shape check an inventory parser needs for a CPE name: is it a CPE 2.3 formatted string (13
 * colon-separated parts, backslash escapes respected) or a simple CPE 2.2 URI that converts to one?
 * Matching CPE names against each other is the job of the full CPE module (../cpe.ts); this file only
 * decides whether an uploaded value is usable and brings it to the 2.3 form.
 */

export type CpeShape = { ok: true; cpe: string } | { ok: false; reason: string };

const CPE23_PREFIX = 'cpe:2.3:';
const CPE22_PREFIX = 'cpe:/';
const PARTS = new Set(['a', 'o', 'h', '*', '-']);
/** The 2.2 URI components, in order, that a URI can carry (NISTIR 7695 §6.1). */
const CPE22_COMPONENTS = 7;

/** Splits a CPE 2.3 formatted string on the colons that are not escaped with a backslash. */
export function splitCpe23(cpe: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < cpe.length; i++) {
    const ch = cpe.charCodeAt(i);
    if (ch === 0x5c /* \ */) {
      i++; // the escaped character is part of the value, whatever it is
    } else if (ch === 0x3a /* : */) {
      parts.push(cpe.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(cpe.slice(start));
  return parts;
}

function hasWhitespace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch <= 0x20 || ch === 0x7f) return true;
  }
  return false;
}

function checkCpe23(cpe: string): CpeShape {
  const parts = splitCpe23(cpe);
  if (parts.length !== 13) {
    return {
      ok: false,
      reason: `a CPE 2.3 name has 13 colon-separated parts, this one has ${String(parts.length)}`,
    };
  }
  const [, , part, vendor, product] = parts;
  if (part === undefined || !PARTS.has(part.toLowerCase())) {
    return { ok: false, reason: `the part must be a, o, h, * or -, not "${part ?? ''}"` };
  }
  if (parts.some((value) => value === '')) {
    return { ok: false, reason: 'a CPE 2.3 part is empty (use * for any)' };
  }
  if (vendor === '*' && product === '*') {
    return { ok: false, reason: 'neither vendor nor product is given' };
  }
  return { ok: true, cpe };
}

/** Characters a 2.3 formatted string writes without a backslash (NISTIR 7695 §6.2.2.2). */
const PLAIN_CPE23_CHAR = /^[A-Za-z0-9._-]$/;
const CPE22_WILDCARD = /%0[12]/i;

/** Decodes one 2.2 URI component (percent-encoding) and writes it in 2.3 form (backslash quoting). */
function cpe22ComponentTo23(component: string): string | undefined {
  if (component === '') return '*'; // an empty 2.2 component means ANY
  if (component === '-') return '-';
  let decoded: string;
  try {
    decoded = decodeURIComponent(component);
  } catch {
    return undefined;
  }
  let out = '';
  for (const ch of decoded) out += PLAIN_CPE23_CHAR.test(ch) ? ch : `\\${ch}`;
  return out;
}

function convertCpe22(uri: string): CpeShape {
  const components = uri.slice(CPE22_PREFIX.length).split(':');
  if (components.length > CPE22_COMPONENTS) {
    return { ok: false, reason: 'a CPE 2.2 URI has at most 7 components' };
  }
  const [part = '', , , , , edition = ''] = components;
  if (!PARTS.has(part.toLowerCase()) || part === '*' || part === '-') {
    return { ok: false, reason: `the part must be /a, /o or /h, not "/${part}"` };
  }
  // Packed editions (~edition~sw_edition~…) and the %01/%02 wildcards are not "simple": ask for 2.3.
  if (edition.startsWith('~') || CPE22_WILDCARD.test(uri)) {
    return {
      ok: false,
      reason: 'this CPE 2.2 URI uses packed editions or wildcards; give the CPE 2.3 name instead',
    };
  }
  const values: string[] = [];
  for (let i = 0; i < CPE22_COMPONENTS; i++) {
    const value = i === 0 ? part.toLowerCase() : cpe22ComponentTo23(components[i] ?? '');
    if (value === undefined)
      return { ok: false, reason: `component ${String(i + 1)} has a broken percent-encoding` };
    values.push(value);
  }
  return checkCpe23(`${CPE23_PREFIX}${values.join(':')}:*:*:*:*`);
}

/**
 * Checks a CPE name as an inventory gives it. A 2.3 formatted string is kept as written; a simple 2.2
 * URI (`cpe:/a:vendor:product:version:update:edition:language`) is converted, missing parts becoming `*`.
 */
export function checkCpeShape(input: string): CpeShape {
  if (hasWhitespace(input))
    return { ok: false, reason: 'a CPE name contains no spaces or control characters' };
  const lower = input.slice(0, CPE23_PREFIX.length).toLowerCase();
  if (lower.startsWith(CPE23_PREFIX)) return checkCpe23(CPE23_PREFIX + input.slice(CPE23_PREFIX.length));
  if (lower.startsWith(CPE22_PREFIX)) return convertCpe22(input);
  return { ok: false, reason: 'a CPE name starts with "cpe:2.3:" (CPE 2.3) or "cpe:/" (CPE 2.2)' };
}
