/**
 * Where a problem with an advisory is, in words. Problems come with a dotted path into the
 * advisory's content (`vulnerabilities.0.statuses.1.productKey`, from our own checks and the
 * shared contract) or a JSON pointer into the rendered CSAF document (`/vulnerabilities/0/notes`,
 * from the CSAF tests). The editor's fields have ids made from the dotted path.
 */

const TOP_LEVEL: Record<string, string> = {
  title: 'Title',
  profile: 'Kind of document',
  tlp: 'TLP label',
  summary: 'Summary',
  details: 'Details',
  products: 'Products',
  vulnerabilities: 'Vulnerabilities',
  references: 'References',
  acknowledgments: 'Acknowledgments',
};

const PRODUCT: Record<string, string> = {
  key: 'Product key',
  vendor: 'Vendor',
  product: 'Product name',
  version: 'Version',
  range: 'Version range',
  purl: 'Package URL (purl)',
  cpe: 'CPE name',
  modelNumbers: 'Model numbers',
};

const VULNERABILITY: Record<string, string> = {
  cveId: 'CVE ID',
  title: 'Title',
  notes: 'Description',
  cwe: 'Weakness (CWE)',
  cvss31: 'CVSS 3.1 vector',
  cvss40: 'CVSS 4.0 vector',
  ssvc: 'SSVC decision',
  exploited: 'Known to be exploited',
  exploitedSince: 'Exploited since',
  statuses: 'Product status',
  remediations: 'Remediations',
  references: 'References',
};

const STATUS: Record<string, string> = {
  productKey: 'Product',
  status: 'Status',
  justification: 'Why it is not affected',
  statement: 'Statement',
};

const REMEDIATION: Record<string, string> = {
  category: 'Kind of remediation',
  details: 'What to do',
  url: 'Link',
  productKeys: 'Products it applies to',
};

const REFERENCE: Record<string, string> = { url: 'Link', summary: 'Description', category: 'Points to' };

const ACKNOWLEDGMENT: Record<string, string> = {
  names: 'Names',
  organization: 'Organization',
  summary: 'Thanked for',
};

/** What one item of a list is called, and the labels of its fields. */
const ITEMS: Record<string, { noun: string; fields: Record<string, string> }> = {
  products: { noun: 'Product', fields: PRODUCT },
  vulnerabilities: { noun: 'Vulnerability', fields: VULNERABILITY },
  statuses: { noun: 'Product status', fields: STATUS },
  remediations: { noun: 'Remediation', fields: REMEDIATION },
  references: { noun: 'Reference', fields: REFERENCE },
  acknowledgments: { noun: 'Acknowledgment', fields: ACKNOWLEDGMENT },
};

/** Lists of plain values, edited as one field: a problem with one value is shown at the field. */
const VALUE_LISTS = new Set(['productKeys', 'modelNumbers', 'names']);

const isIndex = (segment: string) => /^\d+$/.test(segment);

/**
 * A path as the editor knows it: `body.content.products.0.key` (a 422 from the server),
 * `['products', 0, 'key']` (a zod issue) → `products.0.key`.
 */
export function contentPath(path: string | readonly PropertyKey[]): string {
  const dotted = typeof path === 'string' ? path : path.map(String).join('.');
  return dotted.replace(/^body\./, '').replace(/^content(\.|$)/, '');
}

/** The field a problem is shown at: a value in a list of values belongs to the list's field. */
export function fieldKeyOf(path: string | readonly PropertyKey[]): string {
  const segments = contentPath(path).split('.');
  const last = segments.length - 1;
  if (last > 0 && isIndex(segments[last] ?? '') && VALUE_LISTS.has(segments[last - 1] ?? '')) segments.pop();
  return segments.join('.');
}

/** The id of the editor's field (or group) for a dotted path. */
export function fieldId(path: string): string {
  return path === '' ? 'advisory-editor' : `advisory-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/**
 * The ids a finding may be shown at, nearest first: the field, then each group around it
 * (`vulnerabilities.0.remediations` → the remediations of vulnerability 1, then vulnerability 1).
 */
export function fieldIdCandidates(path: string): string[] {
  const segments = fieldKeyOf(path).split('.');
  const ids: string[] = [];
  for (let n = segments.length; n > 0; n--) ids.push(fieldId(segments.slice(0, n).join('.')));
  return ids;
}

function describeContentPath(segments: readonly string[]): string {
  const parts: string[] = [];
  let fields = TOP_LEVEL;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    const next = segments[i + 1];
    const list = ITEMS[segment];
    if (list && next !== undefined && isIndex(next)) {
      parts.push(`${list.noun} ${Number(next) + 1}`);
      fields = list.fields;
      i += 1;
      continue;
    }
    if (isIndex(segment)) {
      parts.push(`item ${Number(segment) + 1}`);
      continue;
    }
    parts.push(fields[segment] ?? segment);
  }
  return parts.join(' › ');
}

const CSAF_WORDS: Record<string, string> = {
  document: 'Document',
  product_tree: 'Product tree',
  vulnerabilities: 'Vulnerability',
};

/** `/vulnerabilities/0/product_status/known_affected/1` → "Vulnerability 1 › product status › known affected › item 2". */
function describePointer(pointer: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (segments.length === 0 || (segments.length === 1 && segments[0] === '')) return 'Whole document';
  const parts: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? '';
    if (segment === 'vulnerabilities' && isIndex(segments[i + 1] ?? '')) {
      parts.push(`Vulnerability ${Number(segments[i + 1]) + 1} (CSAF)`);
      i += 1;
    } else if (isIndex(segment)) parts.push(`item ${Number(segment) + 1}`);
    else if (i === 0 && CSAF_WORDS[segment]) parts.push(`${CSAF_WORDS[segment]} (CSAF)`);
    else parts.push(segment.replace(/_/g, ' '));
  }
  return parts.join(' › ');
}

/** Where a problem is, in words a coordinator recognizes from the editor. */
export function describePath(path: string): string {
  if (path.startsWith('/')) return describePointer(path);
  const dotted = contentPath(path);
  if (dotted === '') return 'Whole advisory';
  const segments = dotted.split('.');
  // Paths that are not into the content (an OSV record's key, a CVE id) are shown as they are.
  if (!TOP_LEVEL[segments[0] ?? '']) return path;
  return describeContentPath(segments);
}
